import Foundation
import SolStakeCore

/// The back-test's results as text: a terminal table, a Markdown report and an SVG chart of realized yield by score
/// decile. Pure.
public enum BacktestReport {
    public struct Span: Sendable {
        public var from: UInt64
        public var to: UInt64
        public var epochs: Int
        public init(from: UInt64, to: UInt64, epochs: Int) {
            self.from = from
            self.to = to
            self.epochs = epochs
        }
    }

    static func figure(_ x: Double, _ places: Int = 3) -> String { x.isNaN ? "n/a" : String(format: "%.\(places)f", x) }

    public static func table(_ results: [Backtest.ModelResult], settings: Backtest.Settings) -> String {
        var lines = ["model        epochs  spearman  AUC    top-\(settings.portfolioSize) yield"]
        for r in results {
            lines.append(
                r.model.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                    + String(r.epochs).padding(toLength: 7, withPad: " ", startingAt: 0) + " "
                    + figure(r.spearman).padding(toLength: 9, withPad: " ", startingAt: 0) + " "
                    + figure(r.auc).padding(toLength: 6, withPad: " ", startingAt: 0) + " " + figure(r.portfolioYield, 4))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ results: [Backtest.ModelResult], span: Span, settings: Backtest.Settings, command: String) -> String {
        var out = """
            # Back-test: epochs \(span.from)-\(span.to)

            \(span.epochs) epochs scored; for each epoch t every model scores with what was known at t, and each validator's
            delegators are followed over t+1 ... t+\(settings.horizon).

            - **yield ratio**: credits against the epoch's best, times what commissions left:
              (1 - m)(1 - inflation commission) + m (1 - MEV commission), m = \(settings.mevShare) (the MEV share of a Jito
              delegator's rewards, assumed: the history has no tip amounts); no Jito, no MEV passed on; absent or not voting: 0.
            - **bad event**: commission up 5 points or more, an epoch absent or not voting, or credits under 90% of the
              epoch's median.
            - **spearman**: rank correlation of score and realized yield, mean over epochs. **AUC**: probability that a
              validator without a bad event scores above one with a bad event. **top-\(settings.portfolioSize) yield**: mean
              realized yield of the model's \(settings.portfolioSize) best-scored validators, re-chosen every epoch.

            | model | epochs | spearman | AUC | top-\(settings.portfolioSize) yield |
            |---|---|---|---|---|

            """
        for r in results {
            out += "| \(r.model) | \(r.epochs) | \(figure(r.spearman)) | \(figure(r.auc)) | \(figure(r.portfolioYield, 4)) |\n"
        }
        out += "\nRealized yield by score decile (1: lowest scores):\n\n| model | " + (1...10).map(String.init).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---|", count: 10) + "\n"
        for r in results { out += "| \(r.model) | " + r.yieldByDecile.map { figure($0) }.joined(separator: " | ") + " |\n" }
        out += "\n![realized yield by score decile](backtest.svg)\n\nRegenerate: `\(command)`\n"
        return out
    }

    /// One line per model over the ten deciles.
    public static func svg(_ results: [Backtest.ModelResult]) -> String {
        let width = 640.0, height = 360.0, left = 60.0, right = 130.0, top = 20.0, bottom = 40.0
        let values = results.flatMap(\.yieldByDecile).filter { !$0.isNaN }
        let low = max(0, (values.min() ?? 0) - 0.02), high = min(1, (values.max() ?? 1) + 0.02)
        let span = max(high - low, 0.01)
        func x(_ decile: Int) -> Double { left + Double(decile) * (width - left - right) / 9 }
        func y(_ value: Double) -> Double { top + (high - value) / span * (height - top - bottom) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(height))" font-family="sans-serif" font-size="12">"#
        out += #"<rect width="100%" height="100%" fill="white"/>"#
        for tick in 0...4 {
            let value = low + span * Double(tick) / 4
            out += #"<line x1="\#(left)" x2="\#(width - right)" y1="\#(y(value))" y2="\#(y(value))" stroke="lightgray"/>"#
            out += #"<text x="\#(left - 6)" y="\#(y(value) + 4)" text-anchor="end">\#(String(format: "%.2f", value))</text>"#
        }
        for decile in 0..<10 {
            out += #"<text x="\#(x(decile))" y="\#(height - bottom + 16)" text-anchor="middle">\#(decile + 1)</text>"#
        }
        out += #"<text x="\#((left + width - right) / 2)" y="\#(height - 6)" text-anchor="middle">score decile (1: lowest)</text>"#
        out += #"<text x="14" y="\#(top + (height - top - bottom) / 2)" transform="rotate(-90 14 \#(top + (height - top - bottom) / 2))" text-anchor="middle">realized yield ratio</text>"#
        for (index, r) in results.enumerated() {
            let color = colors[index % colors.count]
            let points = r.yieldByDecile.enumerated().filter { !$0.element.isNaN }.map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            out += #"<polyline fill="none" stroke="\#(color)" stroke-width="2" points="\#(points)"/>"#
            out += #"<text x="\#(width - right + 10)" y="\#(top + 16 + Double(index) * 18)" fill="\#(color)">\#(r.model)</text>"#
        }
        return out + "</svg>\n"
    }
}
