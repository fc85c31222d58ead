/// The release this build reports in `/health` and `--version`.
public enum SolStakeVersion {
    public static let current = "0.2.0"
}
