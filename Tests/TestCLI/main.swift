// `solstake-test`: the solstake CLI with the test job kinds (noop, sleep, empty) added, for tests and benchmarks that
// need them in real worker processes. solstake itself offers none of them.
import SolStakeApp
import SolStakeCLI
import TestJobKinds

await JobHandlers.$additional.withValue(TestJobKinds.handlers) {
    await SolStakeCommand.runAsMain()
}
