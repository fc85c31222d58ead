import Foundation
import Hummingbird

/// GraphiQL's browser files, served by solstake itself at `/graphiql/assets/NAME` so the IDE works without internet.
/// They are third-party code installed by `scripts/install-graphiql.sh` into a directory (never committed); only the
/// names below are served, read once.
public final class GraphiQLAssets: Sendable {
    static let files: [String: String] = [
        "graphiql.min.js": "text/javascript; charset=utf-8", "graphiql.min.css": "text/css; charset=utf-8",
        "react.production.min.js": "text/javascript; charset=utf-8", "react-dom.production.min.js": "text/javascript; charset=utf-8",
        "graphql-ws.min.js": "text/javascript; charset=utf-8", "LICENSES.txt": "text/plain; charset=utf-8", "VERSION": "text/plain; charset=utf-8",
    ]

    public let directory: String
    private let contents: [String: ByteBuffer]

    public init(directory: String) {
        self.directory = directory
        var contents: [String: ByteBuffer] = [:]
        for name in Self.files.keys {
            if let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)) {
                contents[name] = ByteBuffer(bytes: data)
            }
        }
        self.contents = contents
    }

    /// Every file is there.
    public var installed: Bool { contents.count == Self.files.count }

    /// The installed version line (`VERSION`), for the page's footer.
    public var version: String? {
        contents["VERSION"].map { String(buffer: $0).split(separator: "\n").first.map(String.init) ?? "" }
    }

    func response(for name: String) -> Response {
        guard let type = Self.files[name], let body = contents[name] else {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            let message = Self.files[name] == nil ? "not a GraphiQL asset\n" : "GraphiQL assets are not installed in \(directory): run scripts/install-graphiql.sh\n"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message)))
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=86400"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
