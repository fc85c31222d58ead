import SolStakeCLI

await SolStakeCommand.runAsMain()
