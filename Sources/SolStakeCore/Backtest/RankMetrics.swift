/// Rank statistics of the back-test. Pure.
public enum RankMetrics {
    /// Ranks 1...n with ties given their average rank.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = average }
            start = end + 1
        }
        return ranks
    }

    /// Spearman's rank correlation (Pearson's on average ranks); nil with fewer than 3 pairs or no spread.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let rx = ranks(x), ry = ranks(y)
        let n = Double(x.count)
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The probability that a validator without a bad event scores above one with a bad event (ties count half): the
    /// area under the ROC curve of the score as a predictor of "no bad event". Nil without both kinds.
    public static func auc(scores: [Double], bad: [Bool]) -> Double? {
        guard scores.count == bad.count else { return nil }
        let goodCount = bad.filter { !$0 }.count, badCount = bad.count - goodCount
        guard goodCount > 0, badCount > 0 else { return nil }
        let r = ranks(scores)
        let goodRankSum = zip(r, bad).filter { !$0.1 }.reduce(0.0) { $0 + $1.0 }
        let u = goodRankSum - Double(goodCount) * Double(goodCount + 1) / 2
        return u / (Double(goodCount) * Double(badCount))
    }
}
