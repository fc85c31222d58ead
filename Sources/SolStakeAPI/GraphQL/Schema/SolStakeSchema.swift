import Graphiti
import GraphQL
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
            Scalar(DateTime.self, as: "DateTime")
                .description("A point in time, ISO-8601 in UTC with milliseconds.")

            Enum(ValidatorOrder.self, as: "ValidatorOrder") {
                Value(.SCORE).description("The score in the latest completed scoring run (unscored last in DESC).")
                Value(.STAKE).description("Active stake.")
                Value(.COMMISSION)
                Value(.NAME)
                Value(.APY).description("Estimated total APY as of the latest fetch (validators without an estimate last in DESC).")
            }
            Enum(SortDirection.self, as: "Direction") {
                Value(.ASC)
                Value(.DESC)
            }
            Enum(JobKindArgument.self, as: "JobKind") {
                Value(.FETCH)
                Value(.SCORE)
                Value(.STAKE_SYNC)
            }

            Type(ScoreComponentNode.self, as: "ScoreComponent") {
                Field("name", at: \.name)
                Field("value", at: \.value)
            }

            Type(TrustScoreNode.self, as: "TrustScore") {
                Field("id", at: \.graphID)
                Field("score", at: \.score)
                Field("createdAt", at: \.createdAt)
                Field("scoringRunId", at: \.scoringRunId)
                Field("uptime", at: \.uptime)
                Field("components", at: \.components)
                Field("keptShare", at: \.keptShare)
                Field("reasons", at: \.reasons)
                Field("validator", at: TrustScoreNode.validator)
            }

            Type(EpochStatNode.self, as: "EpochStat") {
                Field("epoch", at: \.epochInt)
                Field("credits", at: \.creditsInt)
                Field("creditCeiling", at: \.creditCeilingInt)
                Field("commission", at: \.commission)
                Field("activatedStake", at: \.activatedStake)
                Field("leaderSlots", at: \.leaderSlotsInt)
                Field("blocksProduced", at: \.blocksProducedInt)
                Field("skipRate", at: \.skipRate)
                Field("mevCommissionBps", at: \.mevCommissionBps)
                    .description("MEV commission in basis points from the epoch's Jito tip-distribution account; null when none or not known.")
                Field("runsJito", at: \.runsJito)
                    .description("True: a tip-distribution account existed that epoch; false: none (not running Jito); null: not known.")
                Field("version", at: \.version).description("Client version seen that epoch.")
                Field("imported", at: \.imported).description("True when `solstake import history` filled this row (fetched values still win).")
            }

            Type(CommissionChangeNode.self, as: "CommissionChange") {
                Field("epoch", at: \.epochInt)
                Field("from", at: \.from)
                Field("to", at: \.to)
                Field("observedAt", at: \.observedAt)
            }

            Type(ValidatorNode.self, as: "Validator") {
                Field("id", at: \.graphID)
                Field("validatorPubkey", at: \.validatorPubkey)
                Field("voteAccount", at: \.voteAccount)
                Field("name", at: \.name)
                Field("website", at: \.website)
                Field("details", at: \.details)
                Field("iconUrl", at: \.iconUrl)
                Field("keybaseUsername", at: \.keybaseUsername)
                Field("commission", at: \.commission)
                Field("uptime", at: \.uptime).description("Percent of the credit ceiling earned over the scoring window (latest run).")
                Field("activatedStake", at: \.activatedStake)
                Field("delinquent", at: \.delinquent)
                Field("version", at: \.version)
                Field("gossipIp", at: \.gossipIp)
                Field("skipRate", at: \.skipRate)
                Field("lastVote", at: \.lastVoteInt)
                Field("rootSlot", at: \.rootSlotInt)
                Field("firstSeenEpoch", at: \.epochInt)
                Field("mevCommissionBps", at: \.mevCommissionBps)
                    .description("MEV commission in basis points (latest fetch); null when the validator runs no Jito account or it is not known.")
                Field("runsJito", at: \.runsJito)
                    .description("True: a Jito tip-distribution account this epoch; false: none; null: not known (latest fetch).")
                Field("apy", at: \.apy)
                    .description("Estimated staker APY from this epoch's credits, stake and commissions, the inflation schedule and the supply (latest fetch); null before one could read them.")
                Field("createdAt", at: \.createdAt)
                Field("updatedAt", at: \.updatedAt)
                Field("latestTrustScore", at: ValidatorNode.latestTrustScore)
                Field("trustScores", at: ValidatorNode.trustScores) {
                    Argument("limit", at: \.limit).description("Newest first; default 10, at most 100.")
                }
                Field("epochStats", at: ValidatorNode.epochStats) {
                    Argument("limit", at: \.limit).description("Newest first; default 10, at most 100.")
                }
                Field("commissionHistory", at: ValidatorNode.commissionHistory)
            }

            Type(ScoringRunNode.self, as: "ScoringRun") {
                Field("id", at: \.graphID)
                Field("runDate", at: \.runDate)
                Field("status", at: \.status)
                Field("epoch", at: \.epochInt)
                Field("algorithmVersion", at: \.algorithmVersion)
                Field("configuration", at: \.configuration).description("The scoring configuration used, as JSON.")
                Field("validatorCount", at: \.validatorCount)
                Field("successCount", at: \.successCount)
                Field("failCount", at: \.failCount)
                Field("durationMs", at: \.durationMsInt)
                Field("error", at: \.error)
                Field("finishedAt", at: \.finishedAt)
                Field("createdAt", at: \.createdAt)
                Field("trustScores", at: ScoringRunNode.trustScores) {
                    Argument("limit", at: \.limit).description("Best first; default and maximum 10,000.")
                }
            }

            Type(StakeAccountNode.self, as: "StakeAccount") {
                Field("id", at: \.graphID)
                Field("pubkey", at: \.pubkey)
                Field("stakedAmount", at: \.stakedAmount)
                Field("state", at: \.state)
                Field("voteAccount", at: \.voteAccount)
                Field("activationEpoch", at: \.activationEpochInt)
                Field("deactivationEpoch", at: \.deactivationEpochInt)
                Field("staker", at: \.staker)
                Field("withdrawer", at: \.withdrawer)
                Field("closedAt", at: \.closedAt)
                Field("updatedAt", at: \.updatedAt)
                Field("validator", at: StakeAccountNode.validator)
                Field("rewards", at: StakeAccountNode.rewards) {
                    Argument("lastEpochs", at: \.lastEpochs).description("Completed epochs to cover, newest first; default 10, at most 100.")
                }.description("Inflation rewards per completed epoch, exact lamports; `amount` null where the node reported none.")
            }

            Type(StakeRewardNode.self, as: "StakeReward") {
                Field("epoch", at: \.epoch)
                Field("amount", at: \.amount).description("Lamports paid to the stake account; null: no reward (never 0).")
                Field("postBalance", at: \.postBalance).description("The account's balance after the reward.")
                Field("commission", at: \.commission).description("The validator's commission (percent) when the reward was paid.")
                Field("effectiveSlot", at: \.effectiveSlot).description("The slot the reward was credited in.")
            }

            Type(EpochRewardNode.self, as: "EpochReward") {
                Field("epoch", at: \.epoch)
                Field("amount", at: \.amount).description("Lamports over the wallet's stake accounts.")
                Field("rewardedAccounts", at: \.rewardedAccounts)
                Field("accountsWithoutReward", at: \.accountsWithoutReward).description("Accounts active in the epoch that earned nothing.")
            }

            Type(AlertNode.self, as: "Alert") {
                Field("kind", at: \.kind)
                Field("stakeAccount", at: \.stakeAccount)
                Field("voteAccount", at: \.voteAccount)
                Field("message", at: \.message)
            }

            Type(UserNode.self, as: "User") {
                Field("id", at: \.graphID)
                Field("walletPubkey", at: \.walletPubkey)
                Field("label", at: \.label)
                Field("lastSyncedAt", at: \.lastSyncedAt)
                Field("createdAt", at: \.createdAt)
                Field("stakeAccounts", at: UserNode.stakeAccounts) {
                    Argument("includeClosed", at: \.includeClosed).description("Also closed (withdrawn or merged) accounts.")
                }
                Field("totalStake", at: UserNode.totalStake)
                Field("activeStake", at: UserNode.activeStake)
                Field("weightedTrustScore", at: UserNode.weightedTrustScore)
                Field("rewards", at: UserNode.rewards) {
                    Argument("lastEpochs", at: \.lastEpochs).description("Completed epochs to cover, newest first; default 10, at most 100.")
                }.description("The wallet's inflation rewards per completed epoch, summed over its stake accounts.")
                Field("realizedApy", at: UserNode.realizedApy) {
                    Argument("lastEpochs", at: \.lastEpochs).description("The window; default 10, at most 100.")
                }.description("What the wallet's stake earned over the window, compounded to a year (fraction); null without rewards.")
                Field("projectedApy", at: UserNode.projectedApy)
                    .description("Stake-weighted estimated APY of the validators the wallet delegates to (fraction).")
                Field("alerts", at: UserNode.alerts) {
                    Argument("commissionAbove", at: \.commissionAbove)
                    Argument("scoreDropAbove", at: \.scoreDropAbove)
                    Argument("apyBelowNetworkBy", at: \.apyBelowNetworkBy)
                        .description("APY_BELOW_NETWORK when a validator's estimated APY is this far (fraction) below the network's; default 0.005.")
                }
            }

            Type(HistogramBucketNode.self, as: "HistogramBucket") {
                Field("from", at: \.from)
                Field("to", at: \.to)
                Field("count", at: \.count)
            }

            Type(NetworkSummaryNode.self, as: "NetworkSummary") {
                Field("epoch", at: \.epoch)
                Field("validatorCount", at: \.validatorCount)
                Field("activeCount", at: \.activeCount)
                Field("delinquentCount", at: \.delinquentCount)
                Field("totalStake", at: \.totalStake)
                Field("delinquentStake", at: \.delinquentStake)
                Field("stakeWeightedSkipRate", at: \.stakeWeightedSkipRate)
                Field("superminoritySize", at: \.superminoritySize)
                Field("consensusVersion", at: \.consensusVersion)
                Field("latestScoringRunId", at: \.latestScoringRunId)
                Field("scoreHistogram", at: \.scoreHistogram)
                Field("stakingApy", at: \.stakingApy)
                    .description("The cluster's estimated staking APY (fraction), stake-weighted over every validator, MEV counted where known; null before a fetch could read inflation and supply.")
                Field("stakingApyEpoch", at: \.stakingApyEpoch).description("The epoch `stakingApy` was estimated in.")
            }

            Type(ValidatorApyNode.self, as: "ValidatorApy") {
                Field("total", at: \.total).description("Inflation and MEV compounded over a year (inflation alone when MEV is not known).")
                Field("inflation", at: \.inflation).description("Inflation rewards after the validator's commission, compounded over a year.")
                Field("mev", at: \.mev).description("Jito tips of the last completed epoch after the MEV commission, as a yearly rate; null when not known.")
                Field("mevKnown", at: \.mevKnown).description("False: `total` is inflation only (tip accounts could not be read).")
                Field("asOfEpoch", at: \.asOfEpoch).description("The epoch of the fetch that estimated it.")
            }

            Type(ValidatorConnectionNode.Edge.self, as: "ValidatorEdge") {
                Field("node", at: \.node)
                Field("cursor", at: \.cursor)
            }
            Type(ValidatorConnectionNode.PageInfo.self, as: "PageInfo") {
                Field("hasNextPage", at: \.hasNextPage)
                Field("hasPreviousPage", at: \.hasPreviousPage)
                Field("startCursor", at: \.startCursor)
                Field("endCursor", at: \.endCursor)
            }
            Type(ValidatorConnectionNode.self, as: "ValidatorConnection") {
                Field("edges", at: \.edges)
                Field("pageInfo", at: \.pageInfo)
                Field("totalCount", at: ValidatorConnectionNode.totalCount)
            }

            Type(EnqueuedJobNode.self, as: "EnqueuedJob") {
                Field("id", at: \.id)
                Field("kind", at: \.kind)
                Field("created", at: \.created)
            }
            Type(TrackWalletResultNode.self, as: "TrackWalletResult") {
                Field("user", at: \.user)
                Field("created", at: \.created)
                Field("syncJobId", at: \.syncJobId)
            }
            Type(ScoreChangeNode.self, as: "ScoreChange") {
                Field("voteAccount", at: \.voteAccount)
                Field("scoringRunId", at: \.scoringRunId)
                Field("score", at: \.score)
                Field("previousScore", at: \.previousScore)
                Field("delta", at: \.delta)
            }

            Query {
                Field("validators", at: GraphQLResolver.validators) {
                    Argument("delinquent", at: \.delinquent)
                    Argument("minScore", at: \.minScore)
                    Argument("maxCommission", at: \.maxCommission)
                    Argument("search", at: \.search).description("Case-insensitive name substring, or an exact vote account or identity.")
                    Argument("minApy", at: \.minApy).description("Estimated total APY at least this fraction (0.07 is 7%); validators without an estimate are left out.")
                    Argument("orderBy", at: \.orderBy)
                    Argument("direction", at: \.direction)
                    Argument("limit", at: \.limit).description("At most 10,000. Without it: every validator, or an error (RESULT_TOO_LARGE) past 10,000.")
                    Argument("offset", at: \.offset)
                }
                Field("validatorsConnection", at: GraphQLResolver.validatorsConnection) {
                    Argument("first", at: \.first).description("Default 50, at most 500.")
                    Argument("after", at: \.after)
                    Argument("delinquent", at: \.delinquent)
                    Argument("minScore", at: \.minScore)
                    Argument("maxCommission", at: \.maxCommission)
                    Argument("search", at: \.search)
                    Argument("minApy", at: \.minApy)
                    Argument("orderBy", at: \.orderBy)
                    Argument("direction", at: \.direction)
                }
                Field("validator", at: GraphQLResolver.validator) {
                    Argument("voteAccount", at: \.voteAccount)
                    Argument("validatorPubkey", at: \.validatorPubkey)
                }
                Field("scoringRuns", at: GraphQLResolver.scoringRuns) {
                    Argument("limit", at: \.limit).description("Newest first; at most 1,000. Without it: every run, or an error (RESULT_TOO_LARGE) past 1,000.")
                    Argument("offset", at: \.offset)
                    Argument("status", at: \.status)
                }
                Field("scoringRun", at: GraphQLResolver.scoringRun) {
                    Argument("id", at: \.id)
                }
                Field("latestScoringRun", at: GraphQLResolver.latestScoringRun)
                Field("networkSummary", at: GraphQLResolver.networkSummary)
                Field("recommendedValidators", at: GraphQLResolver.recommendedValidators) {
                    Argument("count", at: \.count).description("Default 10, at most 100.")
                    Argument("maxCommission", at: \.maxCommission).description("Default 10.")
                }
                Field("users", at: GraphQLResolver.users) {
                    Argument("limit", at: \.limit).description("At most 10,000. Without it: every tracked wallet, or an error (RESULT_TOO_LARGE) past 10,000.")
                    Argument("offset", at: \.offset)
                }
                Field("user", at: GraphQLResolver.user) {
                    Argument("walletPubkey", at: \.walletPubkey)
                }
            }

            Mutation {
                Field("trackWallet", at: GraphQLResolver.trackWallet) {
                    Argument("walletPubkey", at: \.walletPubkey)
                    Argument("label", at: \.label)
                }
                Field("untrackWallet", at: GraphQLResolver.untrackWallet) {
                    Argument("walletPubkey", at: \.walletPubkey)
                }
                Field("enqueueJob", at: GraphQLResolver.enqueueJob) {
                    Argument("kind", at: \.kind)
                }
            }

            Subscription {
                SubscriptionField("scoringRunCompleted", as: ScoringRunNode.self, atSub: GraphQLResolver.scoringRunCompleted)
                SubscriptionField("validatorScoreChanged", as: ScoreChangeNode.self, atSub: GraphQLResolver.validatorScoreChanged) {
                    Argument("voteAccount", at: \.voteAccount)
                }
            }
        }
    }
}
