import Graphiti
import GraphQL
import SolStakeCore
import SolStakeStore

/// The GraphQL schema: the original's `validators`, `scoringRuns` and `users` (verbatim-compatible) and the rest.
public enum SolStakeSchema {
    /// The served schema in SDL: what `schema.graphql` commits and `solstake schema` prints.
    public static func sdl() throws -> String {
        try GraphQL.printSchema(schema: make().schema) + "\n"
    }

    public static func make() throws -> Graphiti.Schema<GraphQLResolver, GraphQLContext> {
        try Graphiti.Schema<GraphQLResolver, GraphQLContext> {
            Scalar(LamportAmount.self, as: "Lamports")
                .description("An amount of lamports (1 SOL = 1,000,000,000), as a decimal string: exact beyond 2^53.")
            Scalar(GraphID.self, as: "ID")
                .description("An opaque identifier, serialised as a string (GraphQL's ID).")
            Scalar(JSONValue.self, as: "JSON")
                .description("Any JSON value (object, array, string, number, boolean or null), served as itself.")
            Scalar(DateTime.self, as: "DateTime")
                .description("A point in time, ISO-8601 in UTC with milliseconds.")

            Enum(ValidatorOrder.self, as: "ValidatorOrder") {
                Value(.SCORE).description("The score in the latest completed scoring run (unscored last in DESC).")
                Value(.STAKE).description("Active stake.")
                Value(.COMMISSION).description("Inflation commission in percent (unknown sorts after 100).")
                Value(.NAME).description("Published name (validator-info); unnamed sort as the empty string.")
                Value(.APY).description("Estimated total APY as of the latest fetch (validators without an estimate last in DESC).")
            }.description("How `validators` and `validatorsConnection` are ordered (ties broken by id).")
            Enum(SortDirection.self, as: "Direction") {
                Value(.ASC).description("Smallest first.")
                Value(.DESC).description("Largest first.")
            }.description("Sort direction.")
            Enum(ScoringRunStatus.self, as: "ScoringRunStatus") {
                Value(.running).description("Scoring now.")
                Value(.completed).description("Every validator scored (or its failure recorded).")
                Value(.failed).description("The run stopped; `error` says why.")
            }.description("The state of a scoring run (lowercase, as the original's status strings).")
            Enum(StakeState.self, as: "StakeState") {
                Value(.activating).description("Delegated; the stake warms up from the next epoch.")
                Value(.active).description("Delegated and earning.")
                Value(.deactivating).description("Deactivation requested; it stops earning after this epoch.")
                Value(.inactive).description("Not delegated, or fully deactivated: earns nothing.")
            }.description("A stake account's delegation state in the current epoch (lowercase, as Solana's CLI prints it).")
            Enum(AlertNode.Kind.self, as: "AlertKind") {
                Value(.DELINQUENT).description("The validator is delinquent.")
                Value(.HIGH_COMMISSION).description("Its commission is above `commissionAbove`.")
                Value(.COMMISSION_RAISED).description("It raised its commission (seen in its history).")
                Value(.SCORE_DROPPED).description("Its latest score fell more than `scoreDropAbove` points below the previous run's.")
                Value(.REWARDS_MISSED).description("An active, delegated account earned nothing in the latest completed epoch.")
                Value(.APY_BELOW_NETWORK).description("Its estimated APY is more than `apyBelowNetworkBy` below the network's.")
            }.description("What an alert is about.")
            Enum(JobKindArgument.self, as: "JobKind") {
                Value(.FETCH).description("Fetch the validator set from Solana RPC now.")
                Value(.SCORE).description("Score every validator of the latest fetch now.")
                Value(.STAKE_SYNC).description("Sync every tracked wallet's stake accounts and their rewards now.")
            }.description("Jobs an API key may enqueue.")

            Type(ScoreComponentNode.self, as: "ScoreComponent") {
                Field("name", at: \.name).description("The component (for example `voteCredits`, `commission`); the set depends on the model.")
                Field("value", at: \.value).description("Its value, 0-100 unless the model documents otherwise.")
            }.description("One named part of a trust score, before weighting.")

            Type(TrustScoreNode.self, as: "TrustScore") {
                Field("id", at: \.graphID).description("The score's id.")
                Field("score", at: \.score).description("0-100; higher is better. See docs/SCORING.md for the model.")
                Field("createdAt", at: \.createdAt).description("When the score was computed.")
                Field("scoringRunId", at: \.scoringRunId).description("The scoring run it belongs to.")
                Field("uptime", at: \.uptime).description("Percent of the credit ceiling the validator earned over the run's window; null without history.")
                Field("components", at: \.components).description("The components, sorted by name.")
                Field("keptShare", at: \.keptShare).description("Model v2: the share of the best achievable rewards a delegator keeps (credits and both commissions); null for v1.")
                Field("reasons", at: \.reasons).description("One plain-language reason per lost point, with the points it cost.")
                Field("validator", at: TrustScoreNode.validator).description("The validator scored.")
            }.description("A validator's trust score in one scoring run, with what it was made of and why points were lost.")

            Type(EpochStatNode.self, as: "EpochStat") {
                Field("epoch", at: \.epochInt).description("The epoch.")
                Field("credits", at: \.creditsInt).description("Vote credits earned in the epoch.")
                Field("creditCeiling", at: \.creditCeilingInt).description("The most credits any validator earned in the epoch (the ceiling uptime is measured against).")
                Field("commission", at: \.commission).description("Inflation commission in percent during the epoch.")
                Field("activatedStake", at: \.activatedStake).description("Active stake in the epoch.")
                Field("leaderSlots", at: \.leaderSlotsInt).description("Slots the validator was leader for.")
                Field("blocksProduced", at: \.blocksProducedInt).description("Blocks it produced in those slots.")
                Field("skipRate", at: \.skipRate).description("Share of leader slots without a block (0-1); null without leader slots.")
                Field("mevCommissionBps", at: \.mevCommissionBps)
                    .description("MEV commission in basis points from the epoch's Jito tip-distribution account; null when none or not known.")
                Field("runsJito", at: \.runsJito)
                    .description("True: a tip-distribution account existed that epoch; false: none (not running Jito); null: not known.")
                Field("version", at: \.version).description("Client version seen that epoch.")
                Field("imported", at: \.imported).description("True when `solstake import history` filled this row (fetched values still win).")
            }.description("What a validator did in one epoch (fetched, or imported history).")

            Type(CommissionChangeNode.self, as: "CommissionChange") {
                Field("epoch", at: \.epochInt).description("The epoch the new commission was first seen in.")
                Field("from", at: \.from).description("Commission before, in percent; null when unknown.")
                Field("to", at: \.to).description("Commission after, in percent; null when unknown.")
                Field("observedAt", at: \.observedAt).description("When the change was observed.")
            }.description("A change of inflation commission seen between two observations.")

            Type(ValidatorNode.self, as: "Validator") {
                Field("id", at: \.graphID).description("The validator's id in this service.")
                Field("validatorPubkey", at: \.validatorPubkey).description("The identity (node) public key, base58.")
                Field("voteAccount", at: \.voteAccount).description("The vote account, base58: what stake delegates to.")
                Field("name", at: \.name).description("Published name (validator-info); null when none.")
                Field("website", at: \.website).description("Published website (validator-info).")
                Field("details", at: \.details).description("Published description (validator-info).")
                Field("iconUrl", at: \.iconUrl).description("Published icon URL (validator-info).")
                Field("keybaseUsername", at: \.keybaseUsername).description("Published Keybase username (validator-info).")
                Field("commission", at: \.commission).description("Inflation commission in percent (latest fetch).")
                Field("uptime", at: \.uptime).description("Percent of the credit ceiling earned over the scoring window (latest run).")
                Field("activatedStake", at: \.activatedStake).description("Active stake delegated to the vote account.")
                Field("delinquent", at: \.delinquent).description("True when the cluster lists the vote account as delinquent (not voting recently).")
                Field("version", at: \.version).description("Client version from gossip.")
                Field("gossipIp", at: \.gossipIp).description("Gossip IP address.")
                Field("skipRate", at: \.skipRate).description("Share of this epoch's leader slots without a block so far (0-1).")
                Field("lastVote", at: \.lastVoteInt).description("The slot of its latest vote.")
                Field("rootSlot", at: \.rootSlotInt).description("Its root slot.")
                Field("firstSeenEpoch", at: \.epochInt).description("The first epoch this service (or imported history) saw it.")
                Field("mevCommissionBps", at: \.mevCommissionBps)
                    .description("MEV commission in basis points (latest fetch); null when the validator runs no Jito account or it is not known.")
                Field("runsJito", at: \.runsJito)
                    .description("True: a Jito tip-distribution account this epoch; false: none; null: not known (latest fetch).")
                Field("apy", at: \.apy)
                    .description("Estimated staker APY from this epoch's credits, stake and commissions, the inflation schedule and the supply (latest fetch); null before one could read them.")
                Field("createdAt", at: \.createdAt).description("When this service first stored it.")
                Field("updatedAt", at: \.updatedAt).description("When a fetch last updated it.")
                Field("latestTrustScore", at: ValidatorNode.latestTrustScore).description("Its score in the latest completed scoring run; null when unscored.")
                Field("trustScores", at: ValidatorNode.trustScores) {
                    Argument("limit", at: \.limit).description("Newest first; default 10, at most 100.")
                }.description("Its scores across runs, newest first.")
                Field("epochStats", at: ValidatorNode.epochStats) {
                    Argument("limit", at: \.limit).description("Newest first; default 10, at most 100.")
                }.description("Per-epoch history, newest first.")
                Field("commissionHistory", at: ValidatorNode.commissionHistory).description("Commission changes seen, newest first.")
            }.description("A validator (one vote account) as of the latest fetch, with its scores and history.")

            Type(ScoringRunNode.self, as: "ScoringRun") {
                Field("id", at: \.graphID).description("The run's id.")
                Field("runDate", at: \.runDate).description("When the run started.")
                Field("status", at: \.statusValue).description("The run's state.")
                Field("epoch", at: \.epochInt).description("The epoch of the fetch it scored.")
                Field("algorithmVersion", at: \.algorithmVersion).description("The model that scored, e.g. `v1` or `v2` (docs/SCORING.md).")
                Field("configuration", at: \.configuration).description("The scoring configuration used, as JSON text.")
                    .deprecationReason("Use `config`: the same configuration as a JSON value.")
                Field("config", at: \.config).description("The scoring configuration used (model, weights, gates), as a JSON value.")
                Field("validatorCount", at: \.validatorCount).description("Validators the run considered.")
                Field("successCount", at: \.successCount).description("Validators scored.")
                Field("failCount", at: \.failCount).description("Validators that could not be scored (with a reason in the log).")
                Field("durationMs", at: \.durationMsInt).description("Wall time of the run in milliseconds; null while running.")
                Field("error", at: \.error).description("Why a failed run failed.")
                Field("finishedAt", at: \.finishedAt).description("When it completed or failed.")
                Field("createdAt", at: \.createdAt).description("When it was recorded.")
                Field("trustScores", at: ScoringRunNode.trustScores) {
                    Argument("limit", at: \.limit).description("Best first; default and maximum 10,000.")
                }.description("The run's scores, best first.")
            }.description("One scoring of every validator of a fetch, with its model and configuration.")

            Type(StakeAccountNode.self, as: "StakeAccount") {
                Field("id", at: \.graphID).description("The account's id in this service.")
                Field("pubkey", at: \.pubkey).description("The stake account's address, base58.")
                Field("stakedAmount", at: \.stakedAmount).description("Delegated stake.")
                Field("state", at: \.stateValue).description("From its epochs and the current epoch.")
                Field("voteAccount", at: \.voteAccount).description("The vote account it delegates to; null when not delegated.")
                Field("activationEpoch", at: \.activationEpochInt).description("The epoch its delegation activated.")
                Field("deactivationEpoch", at: \.deactivationEpochInt).description("The epoch it deactivates; null when not deactivating.")
                Field("staker", at: \.staker).description("The stake authority.")
                Field("withdrawer", at: \.withdrawer).description("The withdraw authority.")
                Field("closedAt", at: \.closedAt).description("When a sync no longer found it (withdrawn or merged); null while open.")
                Field("updatedAt", at: \.updatedAt).description("When a sync last updated it.")
                Field("validator", at: StakeAccountNode.validator).description("The validator it delegates to, when this service knows it.")
                Field("rewards", at: StakeAccountNode.rewards) {
                    Argument("lastEpochs", at: \.lastEpochs).description("Completed epochs to cover, newest first; default 10, at most 100.")
                }.description("Inflation rewards per completed epoch, exact lamports; `amount` null where the node reported none.")
            }.description("A stake account of a tracked wallet (as staker or withdrawer).")

            Type(StakeRewardNode.self, as: "StakeReward") {
                Field("epoch", at: \.epoch).description("The epoch the reward was earned in.")
                Field("amount", at: \.amount).description("Lamports paid to the stake account; null: no reward (never 0).")
                Field("postBalance", at: \.postBalance).description("The account's balance after the reward.")
                Field("commission", at: \.commission).description("The validator's commission (percent) when the reward was paid.")
                Field("effectiveSlot", at: \.effectiveSlot).description("The slot the reward was credited in.")
            }.description("A stake account's inflation reward for one completed epoch.")

            Type(EpochRewardNode.self, as: "EpochReward") {
                Field("epoch", at: \.epoch).description("The epoch the rewards were earned in.")
                Field("amount", at: \.amount).description("Lamports over the wallet's stake accounts.")
                Field("rewardedAccounts", at: \.rewardedAccounts).description("Accounts that earned a reward.")
                Field("accountsWithoutReward", at: \.accountsWithoutReward).description("Accounts active in the epoch that earned nothing.")
            }.description("A wallet's inflation rewards for one completed epoch.")

            Type(AlertNode.self, as: "Alert") {
                Field("kind", at: \.kind).description("What the alert is about.")
                Field("stakeAccount", at: \.stakeAccount).description("The stake account concerned.")
                Field("voteAccount", at: \.voteAccount).description("The validator's vote account.")
                Field("message", at: \.message).description("What happened, in a sentence.")
            }.description("Something about a wallet's stake its owner should look at.")

            Type(UserNode.self, as: "User") {
                Field("id", at: \.graphID).description("The wallet's id in this service.")
                Field("walletPubkey", at: \.walletPubkey).description("The wallet's public key, base58.")
                Field("label", at: \.label).description("The label given when it was tracked.")
                Field("lastSyncedAt", at: \.lastSyncedAt).description("When its stake accounts were last synced; null before the first sync.")
                Field("createdAt", at: \.createdAt).description("When it was tracked.")
                Field("stakeAccounts", at: UserNode.stakeAccounts) {
                    Argument("includeClosed", at: \.includeClosed).description("Also closed (withdrawn or merged) accounts.")
                }.description("Its stake accounts.")
                Field("totalStake", at: UserNode.totalStake).description("Stake over its open accounts.")
                Field("activeStake", at: UserNode.activeStake).description("Stake over its active accounts.")
                Field("weightedTrustScore", at: UserNode.weightedTrustScore).description("Stake-weighted latest trust score of the validators it delegates to; null when none is scored.")
                Field("rewards", at: UserNode.rewards) {
                    Argument("lastEpochs", at: \.lastEpochs).description("Completed epochs to cover, newest first; default 10, at most 100.")
                }.description("The wallet's inflation rewards per completed epoch, summed over its stake accounts.")
                Field("realizedApy", at: UserNode.realizedApy) {
                    Argument("lastEpochs", at: \.lastEpochs).description("The window; default 10, at most 100.")
                }.description("What the wallet's stake earned over the window, compounded to a year (fraction); null without rewards.")
                Field("projectedApy", at: UserNode.projectedApy)
                    .description("Stake-weighted estimated APY of the validators the wallet delegates to (fraction).")
                Field("alerts", at: UserNode.alerts) {
                    Argument("commissionAbove", at: \.commissionAbove).description("HIGH_COMMISSION above this commission in percent; default 10.")
                    Argument("scoreDropAbove", at: \.scoreDropAbove).description("SCORE_DROPPED when the latest score is this many points below the previous run's; default 10.")
                    Argument("apyBelowNetworkBy", at: \.apyBelowNetworkBy)
                        .description("APY_BELOW_NETWORK when a validator's estimated APY is this far (fraction) below the network's; default 0.005.")
                }.description("Alerts on its open, delegated accounts.")
            }.description("A tracked wallet.")

            Type(HistogramBucketNode.self, as: "HistogramBucket") {
                Field("from", at: \.from).description("Lower bound, inclusive.")
                Field("to", at: \.to).description("Upper bound (exclusive, except for the last band).")
                Field("count", at: \.count).description("Validators in the band.")
            }.description("A band of scores and how many validators fell in it.")

            Type(NetworkSummaryNode.self, as: "NetworkSummary") {
                Field("epoch", at: \.epoch).description("The epoch of the latest fetch.")
                Field("validatorCount", at: \.validatorCount).description("Validators stored.")
                Field("activeCount", at: \.activeCount).description("Validators voting.")
                Field("delinquentCount", at: \.delinquentCount).description("Validators delinquent.")
                Field("totalStake", at: \.totalStake).description("Active stake over every validator.")
                Field("delinquentStake", at: \.delinquentStake).description("Active stake on delinquent validators.")
                Field("stakeWeightedSkipRate", at: \.stakeWeightedSkipRate).description("The cluster's skip rate, weighted by stake.")
                Field("superminoritySize", at: \.superminoritySize).description("The fewest validators holding a third of the stake (enough to halt the cluster).")
                Field("consensusVersion", at: \.consensusVersion).description("The client version with the most stake.")
                Field("latestScoringRunId", at: \.latestScoringRunId).description("The latest completed scoring run.")
                Field("scoreHistogram", at: \.scoreHistogram).description("Scores of the latest completed run in bands of 10 points.")
                Field("stakingApy", at: \.stakingApy)
                    .description("The cluster's estimated staking APY (fraction), stake-weighted over every validator, MEV counted where known; null before a fetch could read inflation and supply.")
                Field("stakingApyEpoch", at: \.stakingApyEpoch).description("The epoch `stakingApy` was estimated in.")
            }.description("The cluster as of the latest fetch and scoring run.")

            Type(ValidatorApyNode.self, as: "ValidatorApy") {
                Field("total", at: \.total).description("Inflation and MEV compounded over a year (inflation alone when MEV is not known).")
                Field("inflation", at: \.inflation).description("Inflation rewards after the validator's commission, compounded over a year.")
                Field("mev", at: \.mev).description("Jito tips of the last completed epoch after the MEV commission, as a yearly rate; null when not known.")
                Field("mevKnown", at: \.mevKnown).description("False: `total` is inflation only (tip accounts could not be read).")
                Field("asOfEpoch", at: \.asOfEpoch).description("The epoch of the fetch that estimated it.")
            }.description("A validator's estimated staker APY and what it is made of.")

            Type(ValidatorConnectionNode.Edge.self, as: "ValidatorEdge") {
                Field("node", at: \.node).description("The validator.")
                Field("cursor", at: \.cursor).description("Opaque: pass as `after` for the rows after this one.")
            }.description("A validator in a page of `validatorsConnection`.")
            Type(ValidatorConnectionNode.PageInfo.self, as: "PageInfo") {
                Field("hasNextPage", at: \.hasNextPage).description("More rows follow this page.")
                Field("hasPreviousPage", at: \.hasPreviousPage).description("The page started after a cursor.")
                Field("startCursor", at: \.startCursor).description("The first row's cursor.")
                Field("endCursor", at: \.endCursor).description("The last row's cursor: pass as `after` for the next page.")
            }.description("Where a page sits (Relay cursor connections).")
            Type(ValidatorConnectionNode.self, as: "ValidatorConnection") {
                Field("edges", at: \.edges).description("The page's validators.")
                Field("pageInfo", at: \.pageInfo).description("Where the page sits.")
                Field("totalCount", at: ValidatorConnectionNode.totalCount).description("Validators matching the filter, over every page.")
            }.description("A page of validators with the total matching the filter.")

            Type(IDConnectionEdge<UserNode>.self, as: "UserEdge") {
                Field("node", at: \.node).description("The wallet.")
                Field("cursor", at: \.cursor).description("Opaque: pass as `after` for the rows after this one.")
            }.description("A tracked wallet in a page of `usersConnection`.")
            Type(UserConnectionNode.self, as: "UserConnection") {
                Field("edges", at: \.edges).description("The page's wallets, in the order they were tracked.")
                Field("pageInfo", at: \.pageInfo).description("Where the page sits.")
                Field("totalCount", at: UserConnectionNode.totalCount).description("Tracked wallets, over every page.")
            }.description("A page of tracked wallets.")
            Type(IDConnectionEdge<ScoringRunNode>.self, as: "ScoringRunEdge") {
                Field("node", at: \.node).description("The run.")
                Field("cursor", at: \.cursor).description("Opaque: pass as `after` for the rows after this one.")
            }.description("A scoring run in a page of `scoringRunsConnection`.")
            Type(ScoringRunConnectionNode.self, as: "ScoringRunConnection") {
                Field("edges", at: \.edges).description("The page's runs, newest first.")
                Field("pageInfo", at: \.pageInfo).description("Where the page sits.")
                Field("totalCount", at: ScoringRunConnectionNode.totalCount).description("Runs matching the filter, over every page.")
            }.description("A page of scoring runs.")

            Type(EnqueuedJobNode.self, as: "EnqueuedJob") {
                Field("id", at: \.id).description("The job's id (see `solstake queue monitor`).")
                Field("kind", at: \.kind).description("The job's kind.")
                Field("created", at: \.created).description("False when a job of this kind was already pending: that one is returned.")
            }.description("A job put on the queue.")
            Type(TrackWalletResultNode.self, as: "TrackWalletResult") {
                Field("user", at: \.user).description("The tracked wallet.")
                Field("created", at: \.created).description("False when it was already tracked.")
                Field("syncJobId", at: \.syncJobId).description("The job that syncs its stake accounts.")
            }.description("The outcome of `trackWallet`.")
            Type(ScoreChangeNode.self, as: "ScoreChange") {
                Field("voteAccount", at: \.voteAccount).description("The validator's vote account.")
                Field("scoringRunId", at: \.scoringRunId).description("The newly completed run.")
                Field("score", at: \.score).description("Its score in that run.")
                Field("previousScore", at: \.previousScore).description("Its score in the run before; null when it was not scored.")
                Field("delta", at: \.delta).description("score - previousScore; null without a previous score.")
            }.description("A validator's score in a newly completed run, against the previous run.")

            Query {
                Field("validators", at: GraphQLResolver.validators) {
                    Argument("delinquent", at: \.delinquent).description("Only delinquent (true) or only voting (false) validators.")
                    Argument("minScore", at: \.minScore).description("Latest score at least this (0-100); unscored validators are left out.")
                    Argument("maxCommission", at: \.maxCommission).description("Inflation commission at most this percent.")
                    Argument("search", at: \.search).description("Case-insensitive name substring, or an exact vote account or identity.")
                    Argument("minApy", at: \.minApy).description("Estimated total APY at least this fraction (0.07 is 7%); validators without an estimate are left out.")
                    Argument("orderBy", at: \.orderBy).description("Default STAKE.")
                    Argument("direction", at: \.direction).description("Default DESC.")
                    Argument("limit", at: \.limit).description("At most 10,000. Without it: every validator, or an error (RESULT_TOO_LARGE) past 10,000.")
                    Argument("offset", at: \.offset).description("Rows to skip; default 0.")
                }.description("Validators, filtered and ordered. Without `limit`: every one (the original's shape).")
                Field("validatorsConnection", at: GraphQLResolver.validatorsConnection) {
                    Argument("first", at: \.first).description("Default 50, at most 500.")
                    Argument("after", at: \.after).description("A cursor from a previous page's `endCursor`.")
                    Argument("delinquent", at: \.delinquent).description("Only delinquent (true) or only voting (false) validators.")
                    Argument("minScore", at: \.minScore).description("Latest score at least this (0-100).")
                    Argument("maxCommission", at: \.maxCommission).description("Inflation commission at most this percent.")
                    Argument("search", at: \.search).description("Case-insensitive name substring, or an exact vote account or identity.")
                    Argument("minApy", at: \.minApy).description("Estimated total APY at least this fraction (0.07 is 7%).")
                    Argument("orderBy", at: \.orderBy).description("Default STAKE; a cursor only continues the order it came from.")
                    Argument("direction", at: \.direction).description("Default DESC.")
                }.description("Validators as Relay pages with keyset cursors: stable while rows change.")
                Field("validator", at: GraphQLResolver.validator) {
                    Argument("voteAccount", at: \.voteAccount).description("The vote account, base58.")
                    Argument("validatorPubkey", at: \.validatorPubkey).description("The identity, base58 (the most staked vote account if it runs several).")
                }.description("One validator, by vote account or by identity (give exactly one).")
                Field("scoringRuns", at: GraphQLResolver.scoringRuns) {
                    Argument("limit", at: \.limit).description("Newest first; at most 1,000. Without it: every run, or an error (RESULT_TOO_LARGE) past 1,000.")
                    Argument("offset", at: \.offset).description("Rows to skip; default 0.")
                    Argument("status", at: \.status).description("Only runs in this state.")
                }.description("Scoring runs, newest first. Without `limit`: every one (the original's shape).")
                Field("scoringRunsConnection", at: GraphQLResolver.scoringRunsConnection) {
                    Argument("first", at: \.first).description("Default 50, at most 500.")
                    Argument("after", at: \.after).description("A cursor from a previous page's `endCursor`.")
                    Argument("status", at: \.status).description("Only runs in this state.")
                }.description("Scoring runs as Relay pages, newest first, with keyset cursors.")
                Field("scoringRun", at: GraphQLResolver.scoringRun) {
                    Argument("id", at: \.id).description("The run's id.")
                }.description("One scoring run by id.")
                Field("latestScoringRun", at: GraphQLResolver.latestScoringRun).description("The newest completed scoring run.")
                Field("networkSummary", at: GraphQLResolver.networkSummary).description("The cluster at a glance.")
                Field("recommendedValidators", at: GraphQLResolver.recommendedValidators) {
                    Argument("count", at: \.count).description("Default 10, at most 100.")
                    Argument("maxCommission", at: \.maxCommission).description("Default 10.")
                }.description("High scores outside the superminority, at most one per IPv4 /16 and at most half on one version.")
                Field("users", at: GraphQLResolver.users) {
                    Argument("limit", at: \.limit).description("At most 10,000. Without it: every tracked wallet, or an error (RESULT_TOO_LARGE) past 10,000.")
                    Argument("offset", at: \.offset).description("Rows to skip; default 0.")
                }.description("Tracked wallets. Without `limit`: every one (the original's shape).")
                Field("usersConnection", at: GraphQLResolver.usersConnection) {
                    Argument("first", at: \.first).description("Default 50, at most 500.")
                    Argument("after", at: \.after).description("A cursor from a previous page's `endCursor`.")
                }.description("Tracked wallets as Relay pages, in the order they were tracked, with keyset cursors.")
                Field("user", at: GraphQLResolver.user) {
                    Argument("walletPubkey", at: \.walletPubkey).description("The wallet's public key, base58.")
                }.description("One tracked wallet.")
            }.description("Reads.")

            Mutation {
                Field("trackWallet", at: GraphQLResolver.trackWallet) {
                    Argument("walletPubkey", at: \.walletPubkey).description("The wallet's public key, base58 (32 bytes).")
                    Argument("label", at: \.label).description("A label for it.")
                }.description("Track a wallet and enqueue a sync of its stake accounts (idempotent).")
                Field("untrackWallet", at: GraphQLResolver.untrackWallet) {
                    Argument("walletPubkey", at: \.walletPubkey).description("The wallet's public key, base58.")
                }.description("Stop tracking a wallet; its stored stake accounts are deleted. False when it was not tracked.")
                Field("enqueueJob", at: GraphQLResolver.enqueueJob) {
                    Argument("kind", at: \.kind).description("What to run.")
                }.description("Put a job on the queue now.")
            }.description("Writes; each needs `Authorization: Bearer <API key>` and is audit-logged.")

            Subscription {
                SubscriptionField("scoringRunCompleted", as: ScoringRunNode.self, atSub: GraphQLResolver.scoringRunCompleted)
                    .description("Each scoring run as it completes (by any process).")
                SubscriptionField("validatorScoreChanged", as: ScoreChangeNode.self, atSub: GraphQLResolver.validatorScoreChanged) {
                    Argument("voteAccount", at: \.voteAccount).description("The validator's vote account, base58.")
                }.description("A validator's score each time a run completes.")
            }.description("Events over WebSocket (graphql-transport-ws at /graphql).")
        }
    }
}
