/// The schema, as the ordered list of migrations. Times are `BIGINT` milliseconds since the Unix epoch (UTC) on both
/// databases; lamports are `BIGINT`; JSON documents are `TEXT`. Identifiers are quoted camelCase, as in the data model.
public enum Schema {
    public static let migrations: [Migration] = [
        validators, scoring, stakers, auditLog, fetchRuns, jobQueue, updateHeadroom, identifierCollation, history, rewards,
        dataChanges,
    ]

    /// The tables GraphQL queries read (the job queue's tables are not among them). A committed write to any of them
    /// invalidates cached answers (`DataGeneration`).
    public static let queriedTables = [
        "validator", "validatorEpochStat", "validatorObservation", "fetchRun", "scoringRun", "trustScore", "user",
        "stakeAccount", "stakeReward", "epochEconomics", "rewardEpoch",
    ]

    /// Every committed write to a queried table is announced. PostgreSQL: a statement trigger sends
    /// `NOTIFY solstake_data`, delivered at commit to every listening process (a shared counter row would make concurrent
    /// writers wait on its lock). SQLite, which has no notifications and one writer at a time: row triggers bump the
    /// one-row `dataChange` counter, which readers poll.
    static let dataChanges = Migration(id: "0011_data_changes", up: dataChangesUp, down: dataChangesDown)

    private static let sqliteTriggerEvents: [(event: String, name: String)] = [("INSERT", "inserted"), ("UPDATE", "updated"), ("DELETE", "deleted")]

    private static var dataChangesUp: [String] {
        var statements: [String] = [
            #"CREATE TABLE "dataChange" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "generation" BIGINT NOT NULL)"#,
            #"INSERT INTO "dataChange" ("id", "generation") VALUES (1, 0)"#,
            """
            {{postgres}}CREATE FUNCTION "solstake_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('solstake_data', '');
                RETURN NULL;
            END
            $$
            """,
        ]
        for table in queriedTables {
            statements.append(
                #"{{postgres}}CREATE TRIGGER "\#(table)_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "\#(table)" "#
                    + #"FOR EACH STATEMENT EXECUTE FUNCTION "solstake_data_changed"()"#)
            for (event, name) in sqliteTriggerEvents {
                statements.append(
                    #"{{sqlite}}CREATE TRIGGER "\#(table)_\#(name)" AFTER \#(event) ON "\#(table)" "#
                        + #"BEGIN UPDATE "dataChange" SET "generation" = "generation" + 1; END"#)
            }
        }
        return statements
    }

    private static var dataChangesDown: [String] {
        var statements: [String] = []
        for table in queriedTables {
            statements.append(#"{{postgres}}DROP TRIGGER "\#(table)_changed" ON "\#(table)""#)
            for (_, name) in sqliteTriggerEvents { statements.append(#"{{sqlite}}DROP TRIGGER "\#(table)_\#(name)""#) }
        }
        return statements + [#"{{postgres}}DROP FUNCTION "solstake_data_changed"()"#, #"DROP TABLE "dataChange""#]
    }

    /// Realized rewards: one row per stake account per completed epoch, exact lamports; `amount` NULL means the node
    /// reported no reward (never stored as 0). `rewardEpoch` records epochs the node could not answer, with its reason.
    /// Estimated yield: each validator's APY as of its latest fetch (fractions; `apyMev` NULL when MEV is not known), and
    /// per epoch the network inputs the latest fetch used (`epochEconomics`), so a shown APY can be explained later.
    static let rewards = Migration(
        id: "0010_rewards",
        up: [
            """
            CREATE TABLE "stakeReward" (
                "id" {{pk}},
                "stakeAccountId" BIGINT NOT NULL REFERENCES "stakeAccount" ("id") ON DELETE CASCADE,
                "epoch" BIGINT NOT NULL CHECK ("epoch" >= 0),
                "amount" BIGINT CHECK ("amount" > 0),
                "postBalance" BIGINT CHECK ("postBalance" >= 0),
                "commission" INTEGER CHECK ("commission" BETWEEN 0 AND 100),
                "effectiveSlot" BIGINT CHECK ("effectiveSlot" >= 0),
                "checkedAt" BIGINT NOT NULL
            )
            """,
            #"CREATE UNIQUE INDEX "stakeReward_account_epoch" ON "stakeReward" ("stakeAccountId", "epoch")"#,
            #"CREATE INDEX "stakeReward_epoch" ON "stakeReward" ("epoch")"#,
            #"ALTER TABLE "validator" ADD COLUMN "apyInflation" DOUBLE PRECISION"#,
            #"ALTER TABLE "validator" ADD COLUMN "apyMev" DOUBLE PRECISION"#,
            #"ALTER TABLE "validator" ADD COLUMN "apyTotal" DOUBLE PRECISION"#,
            #"ALTER TABLE "validator" ADD COLUMN "apyEpoch" BIGINT"#,
            """
            CREATE TABLE "epochEconomics" (
                "epoch" BIGINT PRIMARY KEY,
                "slot" BIGINT NOT NULL,
                "totalRate" DOUBLE PRECISION NOT NULL,
                "validatorRate" DOUBLE PRECISION NOT NULL,
                "foundationRate" DOUBLE PRECISION NOT NULL,
                "governor" TEXT NOT NULL,
                "capitalization" BIGINT NOT NULL CHECK ("capitalization" >= 0),
                "slotsInEpoch" BIGINT NOT NULL,
                "secondsPerSlot" DOUBLE PRECISION,
                "epochsPerYear" DOUBLE PRECISION NOT NULL,
                "pool" BIGINT NOT NULL CHECK ("pool" >= 0),
                "totalPoints" TEXT NOT NULL,
                "networkApy" DOUBLE PRECISION NOT NULL,
                "mevEpoch" BIGINT,
                "fetchedAt" BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE "rewardEpoch" (
                "epoch" BIGINT PRIMARY KEY,
                "status" TEXT NOT NULL CHECK ("status" IN ('unavailable')),
                "reason" TEXT NOT NULL,
                "checkedAt" BIGINT NOT NULL
            )
            """,
        ],
        down: [
            #"DROP TABLE "epochEconomics""#,
            #"ALTER TABLE "validator" DROP COLUMN "apyEpoch""#,
            #"ALTER TABLE "validator" DROP COLUMN "apyTotal""#,
            #"ALTER TABLE "validator" DROP COLUMN "apyMev""#,
            #"ALTER TABLE "validator" DROP COLUMN "apyInflation""#,
            #"DROP TABLE "rewardEpoch""#,
            #"DROP TABLE "stakeReward""#,
        ])

    /// Per-epoch history beyond credits: MEV commission (from Jito tip-distribution accounts; `runsJito` false means no
    /// account that epoch, null means not known), the client version, and when a row was filled by `import history`.
    /// Observations gain an epoch index: the liveness window is read by epoch as well as by time.
    static let history = Migration(
        id: "0009_history",
        up: [
            #"ALTER TABLE "validatorEpochStat" ADD COLUMN "mevCommissionBps" INTEGER CHECK ("mevCommissionBps" BETWEEN 0 AND 10000)"#,
            #"ALTER TABLE "validatorEpochStat" ADD COLUMN "runsJito" BOOLEAN"#,
            #"ALTER TABLE "validatorEpochStat" ADD COLUMN "version" TEXT"#,
            #"ALTER TABLE "validatorEpochStat" ADD COLUMN "importedAt" BIGINT"#,
            #"ALTER TABLE "validator" ADD COLUMN "mevCommissionBps" INTEGER CHECK ("mevCommissionBps" BETWEEN 0 AND 10000)"#,
            #"ALTER TABLE "validator" ADD COLUMN "runsJito" BOOLEAN"#,
            #"CREATE INDEX "validatorObservation_epoch" ON "validatorObservation" ("epoch")"#,
        ],
        down: [
            #"DROP INDEX "validatorObservation_epoch""#,
            #"ALTER TABLE "validator" DROP COLUMN "runsJito""#,
            #"ALTER TABLE "validator" DROP COLUMN "mevCommissionBps""#,
            #"ALTER TABLE "validatorEpochStat" DROP COLUMN "importedAt""#,
            #"ALTER TABLE "validatorEpochStat" DROP COLUMN "version""#,
            #"ALTER TABLE "validatorEpochStat" DROP COLUMN "runsJito""#,
            #"ALTER TABLE "validatorEpochStat" DROP COLUMN "mevCommissionBps""#,
        ])

    /// PostgreSQL: base58 keys and job ids compare byte by byte (`COLLATE "C"`), as SQLite's BINARY collation and Swift
    /// order them. A linguistic collation (the server's default, e.g. `en_US.UTF-8` or `C.UTF-8`) gives identifiers no
    /// useful order, orders them differently from SQLite, and makes every index comparison a `strcoll` call: the unique
    /// (fetchId, validatorId) index of observations and the voteAccount / validatorPubkey indexes are compared on every
    /// row a fetch writes. Names keep the server's collation. SQLite already compares bytes.
    static let identifierCollation = Migration(
        id: "0008_identifier_collation",
        up: [
            #"{{postgres}}ALTER TABLE "validator" ALTER COLUMN "voteAccount" TYPE TEXT COLLATE "C", ALTER COLUMN "validatorPubkey" TYPE TEXT COLLATE "C""#,
            #"{{postgres}}ALTER TABLE "validatorObservation" ALTER COLUMN "fetchId" TYPE TEXT COLLATE "C""#,
            #"{{postgres}}ALTER TABLE "fetchRun" ALTER COLUMN "jobId" TYPE TEXT COLLATE "C""#,
            #"{{postgres}}ALTER TABLE "scoringRun" ALTER COLUMN "jobId" TYPE TEXT COLLATE "C""#,
            #"{{postgres}}ALTER TABLE "user" ALTER COLUMN "walletPubkey" TYPE TEXT COLLATE "C""#,
            #"{{postgres}}ALTER TABLE "stakeAccount" ALTER COLUMN "pubkey" TYPE TEXT COLLATE "C", ALTER COLUMN "voteAccount" TYPE TEXT COLLATE "C""#,
        ],
        down: [
            #"{{postgres}}ALTER TABLE "stakeAccount" ALTER COLUMN "pubkey" TYPE TEXT COLLATE "default", ALTER COLUMN "voteAccount" TYPE TEXT COLLATE "default""#,
            #"{{postgres}}ALTER TABLE "user" ALTER COLUMN "walletPubkey" TYPE TEXT COLLATE "default""#,
            #"{{postgres}}ALTER TABLE "scoringRun" ALTER COLUMN "jobId" TYPE TEXT COLLATE "default""#,
            #"{{postgres}}ALTER TABLE "fetchRun" ALTER COLUMN "jobId" TYPE TEXT COLLATE "default""#,
            #"{{postgres}}ALTER TABLE "validatorObservation" ALTER COLUMN "fetchId" TYPE TEXT COLLATE "default""#,
            #"{{postgres}}ALTER TABLE "validator" ALTER COLUMN "voteAccount" TYPE TEXT COLLATE "default", ALTER COLUMN "validatorPubkey" TYPE TEXT COLLATE "default""#,
        ])

    /// PostgreSQL: free space on every page of the tables whose rows are rewritten in place (each score sets every
    /// validator's `uptime`; each fetch moves `lastVote`, `rootSlot` and the current epoch's credits), so an update that
    /// changes no indexed column stays on its page (a HOT update) instead of adding an entry to every index. Applies to
    /// pages written from now on. SQLite updates in place and has no such parameter.
    static let updateHeadroom = Migration(
        id: "0007_update_headroom",
        up: [
            #"{{postgres}}ALTER TABLE "validator" SET (fillfactor = 50)"#,
            #"{{postgres}}ALTER TABLE "validatorEpochStat" SET (fillfactor = 90)"#,
        ],
        down: [
            #"{{postgres}}ALTER TABLE "validatorEpochStat" RESET (fillfactor)"#,
            #"{{postgres}}ALTER TABLE "validator" RESET (fillfactor)"#,
        ])

    /// The job queue (QUEUE.md): jobs with leases fenced by a token, repeatable schedules, and worker heartbeats.
    static let jobQueue = Migration(
        id: "0006_job_queue",
        up: [
            """
            CREATE TABLE "job" (
                "id" {{pk}},
                "queue" TEXT NOT NULL DEFAULT 'default',
                "kind" TEXT NOT NULL,
                "payload" TEXT NOT NULL DEFAULT '{}',
                "state" TEXT NOT NULL CHECK ("state" IN ('available', 'running', 'completed', 'failed', 'cancelled')),
                "priority" INTEGER NOT NULL DEFAULT 0,
                "runAt" BIGINT NOT NULL,
                "attempt" INTEGER NOT NULL DEFAULT 0,
                "maxAttempts" INTEGER NOT NULL DEFAULT 3 CHECK ("maxAttempts" >= 1),
                "stallCount" INTEGER NOT NULL DEFAULT 0,
                "leaseOwner" TEXT,
                "leaseToken" TEXT,
                "leaseExpiresAt" BIGINT,
                "dedupeKey" TEXT,
                "scheduleName" TEXT,
                "scheduleSlot" BIGINT,
                "progress" TEXT,
                "lastError" TEXT,
                "errors" TEXT NOT NULL DEFAULT '[]',
                "createdAt" BIGINT NOT NULL,
                "startedAt" BIGINT,
                "finishedAt" BIGINT,
                CHECK (("state" = 'running') = ("leaseToken" IS NOT NULL))
            )
            """,
            #"CREATE INDEX "job_claim" ON "job" ("queue", "priority", "runAt", "id") WHERE "state" = 'available'"#,
            #"CREATE INDEX "job_lease" ON "job" ("leaseExpiresAt") WHERE "state" = 'running'"#,
            #"CREATE INDEX "job_finished" ON "job" ("finishedAt") WHERE "state" IN ('completed', 'failed', 'cancelled')"#,
            #"CREATE UNIQUE INDEX "job_dedupe" ON "job" ("queue", "dedupeKey") WHERE "dedupeKey" IS NOT NULL AND "state" IN ('available', 'running')"#,
            #"CREATE UNIQUE INDEX "job_schedule_slot" ON "job" ("scheduleName", "scheduleSlot") WHERE "scheduleName" IS NOT NULL"#,
            #"CREATE INDEX "job_kind_state" ON "job" ("kind", "state")"#,
            """
            CREATE TABLE "jobSchedule" (
                "name" TEXT PRIMARY KEY,
                "kind" TEXT NOT NULL,
                "payload" TEXT NOT NULL DEFAULT '{}',
                "everySeconds" BIGINT NOT NULL CHECK ("everySeconds" > 0),
                "nextRunAt" BIGINT NOT NULL,
                "profile" TEXT NOT NULL,
                "keepCompletedSeconds" BIGINT NOT NULL,
                "keepFailedSeconds" BIGINT NOT NULL,
                "updatedAt" BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE "worker" (
                "id" TEXT PRIMARY KEY,
                "hostname" TEXT NOT NULL,
                "pid" INTEGER NOT NULL,
                "queues" TEXT NOT NULL,
                "concurrency" INTEGER NOT NULL,
                "startedAt" BIGINT NOT NULL,
                "lastSeenAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "worker_lastSeenAt" ON "worker" ("lastSeenAt")"#,
        ],
        down: [
            #"DROP TABLE "worker""#,
            #"DROP TABLE "jobSchedule""#,
            #"DROP TABLE "job""#,
        ])

    /// One row per completed fetch, keyed by the job that ran it (a retried fetch finds its row and writes nothing twice);
    /// and each score's uptime, so a run refreshes every validator's `uptime` in one statement.
    static let fetchRuns = Migration(
        id: "0005_fetch_runs",
        up: [
            """
            CREATE TABLE "fetchRun" (
                "id" {{pk}},
                "jobId" TEXT NOT NULL UNIQUE,
                "epoch" BIGINT NOT NULL,
                "slot" BIGINT NOT NULL,
                "validatorCount" INTEGER NOT NULL,
                "delinquentCount" INTEGER NOT NULL,
                "epochStatCount" INTEGER NOT NULL,
                "identityChanges" INTEGER NOT NULL DEFAULT 0,
                "rpcMs" BIGINT,
                "durationMs" BIGINT NOT NULL,
                "startedAt" BIGINT NOT NULL,
                "finishedAt" BIGINT NOT NULL,
                "createdAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "fetchRun_finishedAt" ON "fetchRun" ("finishedAt" DESC)"#,
            #"ALTER TABLE "trustScore" ADD COLUMN "uptime" DOUBLE PRECISION"#,
            // Validators a run could not score, with the reason (JSON list of {voteAccount, reason}).
            #"ALTER TABLE "scoringRun" ADD COLUMN "failures" TEXT NOT NULL DEFAULT '[]'"#,
        ],
        down: [
            #"ALTER TABLE "scoringRun" DROP COLUMN "failures""#,
            #"ALTER TABLE "trustScore" DROP COLUMN "uptime""#,
            #"DROP TABLE "fetchRun""#,
        ])

    /// Validators, their per-epoch figures and one observation per fetch.
    static let validators = Migration(
        id: "0001_validators",
        up: [
            """
            CREATE TABLE "validator" (
                "id" {{pk}},
                "voteAccount" TEXT NOT NULL UNIQUE,
                "validatorPubkey" TEXT NOT NULL,
                "name" TEXT,
                "website" TEXT,
                "details" TEXT,
                "iconUrl" TEXT,
                "keybaseUsername" TEXT,
                "commission" INTEGER CHECK ("commission" BETWEEN 0 AND 100),
                "uptime" DOUBLE PRECISION,
                "activatedStake" BIGINT NOT NULL DEFAULT 0 CHECK ("activatedStake" >= 0),
                "lastVote" BIGINT,
                "rootSlot" BIGINT,
                "delinquent" BOOLEAN NOT NULL DEFAULT FALSE,
                "version" TEXT,
                "gossipIp" TEXT,
                "skipRate" DOUBLE PRECISION,
                "firstSeenEpoch" BIGINT,
                "createdAt" BIGINT NOT NULL,
                "updatedAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "validator_validatorPubkey" ON "validator" ("validatorPubkey")"#,
            #"CREATE INDEX "validator_activatedStake" ON "validator" ("activatedStake" DESC, "id")"#,
            #"CREATE INDEX "validator_commission" ON "validator" ("commission", "id")"#,
            #"CREATE INDEX "validator_name" ON "validator" ("name", "id")"#,
            """
            CREATE TABLE "validatorEpochStat" (
                "id" {{pk}},
                "validatorId" BIGINT NOT NULL REFERENCES "validator" ("id") ON DELETE CASCADE,
                "epoch" BIGINT NOT NULL,
                "credits" BIGINT,
                "creditCeiling" BIGINT,
                "commission" INTEGER,
                "activatedStake" BIGINT,
                "leaderSlots" BIGINT,
                "blocksProduced" BIGINT,
                "createdAt" BIGINT NOT NULL,
                "updatedAt" BIGINT NOT NULL,
                UNIQUE ("validatorId", "epoch")
            )
            """,
            #"CREATE INDEX "validatorEpochStat_epoch" ON "validatorEpochStat" ("epoch")"#,
            """
            CREATE TABLE "validatorObservation" (
                "id" {{pk}},
                "validatorId" BIGINT NOT NULL REFERENCES "validator" ("id") ON DELETE CASCADE,
                "fetchId" TEXT NOT NULL,
                "epoch" BIGINT NOT NULL,
                "observedAt" BIGINT NOT NULL,
                "delinquent" BOOLEAN NOT NULL,
                "commission" INTEGER,
                "activatedStake" BIGINT NOT NULL,
                "version" TEXT,
                "createdAt" BIGINT NOT NULL,
                UNIQUE ("fetchId", "validatorId")
            )
            """,
            #"CREATE INDEX "validatorObservation_validator_time" ON "validatorObservation" ("validatorId", "observedAt")"#,
            #"CREATE INDEX "validatorObservation_observedAt" ON "validatorObservation" ("observedAt")"#,
        ],
        down: [
            #"DROP TABLE "validatorObservation""#,
            #"DROP TABLE "validatorEpochStat""#,
            #"DROP TABLE "validator""#,
        ])

    /// Scoring runs and the scores they produced. A run is recorded with the job that ran it, once.
    static let scoring = Migration(
        id: "0002_scoring",
        up: [
            """
            CREATE TABLE "scoringRun" (
                "id" {{pk}},
                "runDate" BIGINT NOT NULL,
                "status" TEXT NOT NULL CHECK ("status" IN ('running', 'completed', 'failed')),
                "epoch" BIGINT,
                "algorithmVersion" TEXT NOT NULL,
                "configuration" TEXT NOT NULL DEFAULT '{}',
                "validatorCount" INTEGER NOT NULL DEFAULT 0,
                "successCount" INTEGER NOT NULL DEFAULT 0,
                "failCount" INTEGER NOT NULL DEFAULT 0,
                "durationMs" BIGINT,
                "jobId" TEXT UNIQUE,
                "error" TEXT,
                "finishedAt" BIGINT,
                "createdAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "scoringRun_status_runDate" ON "scoringRun" ("status", "runDate" DESC)"#,
            #"CREATE INDEX "scoringRun_runDate" ON "scoringRun" ("runDate" DESC, "id")"#,
            """
            CREATE TABLE "trustScore" (
                "id" {{pk}},
                "validatorId" BIGINT NOT NULL REFERENCES "validator" ("id") ON DELETE CASCADE,
                "scoringRunId" BIGINT NOT NULL REFERENCES "scoringRun" ("id") ON DELETE CASCADE,
                "score" DOUBLE PRECISION NOT NULL CHECK ("score" >= 0 AND "score" <= 100),
                "components" TEXT NOT NULL DEFAULT '{}',
                "reasons" TEXT NOT NULL DEFAULT '[]',
                "createdAt" BIGINT NOT NULL,
                UNIQUE ("scoringRunId", "validatorId")
            )
            """,
            #"CREATE INDEX "trustScore_validator_createdAt" ON "trustScore" ("validatorId", "createdAt" DESC)"#,
            #"CREATE INDEX "trustScore_run_score" ON "trustScore" ("scoringRunId", "score" DESC)"#,
        ],
        down: [
            #"DROP TABLE "trustScore""#,
            #"DROP TABLE "scoringRun""#,
        ])

    /// Tracked wallets and their stake accounts. Closed accounts keep their row with `closedAt` set.
    static let stakers = Migration(
        id: "0003_stakers",
        up: [
            """
            CREATE TABLE "user" (
                "id" {{pk}},
                "walletPubkey" TEXT NOT NULL UNIQUE,
                "label" TEXT,
                "lastSyncedAt" BIGINT,
                "createdAt" BIGINT NOT NULL,
                "updatedAt" BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE "stakeAccount" (
                "id" {{pk}},
                "pubkey" TEXT NOT NULL UNIQUE,
                "userId" BIGINT REFERENCES "user" ("id") ON DELETE CASCADE,
                "validatorId" BIGINT REFERENCES "validator" ("id") ON DELETE SET NULL,
                "voteAccount" TEXT,
                "stakedAmount" BIGINT NOT NULL DEFAULT 0 CHECK ("stakedAmount" >= 0),
                "state" TEXT NOT NULL CHECK ("state" IN ('activating', 'active', 'deactivating', 'inactive')),
                "activationEpoch" BIGINT,
                "deactivationEpoch" BIGINT,
                "staker" TEXT,
                "withdrawer" TEXT,
                "closedAt" BIGINT,
                "createdAt" BIGINT NOT NULL,
                "updatedAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "stakeAccount_userId" ON "stakeAccount" ("userId")"#,
            #"CREATE INDEX "stakeAccount_validatorId" ON "stakeAccount" ("validatorId")"#,
            #"CREATE INDEX "stakeAccount_voteAccount" ON "stakeAccount" ("voteAccount")"#,
        ],
        down: [
            #"DROP TABLE "stakeAccount""#,
            #"DROP TABLE "user""#,
        ])

    /// Who did what, when: fetches, scoring runs, identity changes, API mutations.
    static let auditLog = Migration(
        id: "0004_audit_log",
        up: [
            """
            CREATE TABLE "auditLog" (
                "id" {{pk}},
                "action" TEXT NOT NULL,
                "actorId" TEXT,
                "metadata" TEXT NOT NULL DEFAULT '{}',
                "createdAt" BIGINT NOT NULL
            )
            """,
            #"CREATE INDEX "auditLog_action_createdAt" ON "auditLog" ("action", "createdAt")"#,
            #"CREATE INDEX "auditLog_createdAt" ON "auditLog" ("createdAt")"#,
        ],
        down: [
            #"DROP TABLE "auditLog""#,
        ])
}
