/// Removes secrets from text that may be logged or printed.
public enum Redaction {
    /// Query parameters whose values are credentials (RPC providers put API keys in the URL).
    static let secretQueryNames: Set<String> = ["api-key", "api_key", "apikey", "key", "token", "access_token", "auth", "password"]

    /// Replaces the password of a URL's userinfo (`scheme://user:secret@host`) and the values of credential-like query
    /// parameters (`?api-key=...`) with `***`. Works on every element of a comma-separated list, and leaves other URLs
    /// unchanged.
    public static func redactURL(_ url: String) -> String {
        url.split(separator: ",", omittingEmptySubsequences: false)
            .map { redactQuery(redactUserinfo(String($0))) }
            .joined(separator: ",")
    }

    /// An RPC endpoint as it may be shown anywhere (health, metrics, logs, stored errors, CLI): scheme, host and port.
    /// Providers put keys in the path (`/v2/<key>`) as well as in the query, so a path other than `/` and any query or
    /// user-info become `/***`. Works on every element of a comma-separated list.
    public static func rpcEndpoint(_ url: String) -> String {
        url.split(separator: ",", omittingEmptySubsequences: false).map { element -> String in
            let text = element.filter { $0 != " " }
            guard let schemeEnd = text.range(of: "://") else { return text.isEmpty ? text : "***" }
            let afterScheme = text[schemeEnd.upperBound...]
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
            let authority = afterScheme[..<authorityEnd]
            let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
            let rest = afterScheme[authorityEnd...]
            let hidden = authority.contains("@") || !(rest.isEmpty || rest == "/")
            return String(text[..<schemeEnd.upperBound]) + hostAndPort + (hidden ? "/***" : "")
        }.joined(separator: ",")
    }

    private static func redactQuery(_ url: String) -> String {
        guard let questionMark = url.firstIndex(of: "?") else { return url }
        let fragmentStart = url[questionMark...].firstIndex(of: "#") ?? url.endIndex
        let query = url[url.index(after: questionMark)..<fragmentStart]
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals].lowercased()
            return secretQueryNames.contains(name) ? "\(pair[..<equals])=***" : String(pair)
        }.joined(separator: "&")
        return String(url[...questionMark]) + redacted + url[fragmentStart...]
    }

    private static func redactUserinfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<userinfo.startIndex]) + userinfo[..<colon] + ":***" + url[at...]
    }
}
