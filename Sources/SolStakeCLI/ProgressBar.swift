import Foundation

/// A one-line progress bar on standard error, redrawn in place.
struct ProgressBar: Sendable {
    let enabled: Bool

    func show(done: Int, total: Int, label: String) {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let end = done >= total ? "\n" : ""
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label)\(end)".utf8))
    }
}
