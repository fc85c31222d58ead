#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Why the HTTP listener cannot open, naming the address.
public struct ListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let reason: String
    public var description: String { "cannot listen on \(host):\(port): \(reason)" }

    static func reason(errno code: Int32) -> String {
        switch code {
        case EADDRINUSE: return "the port is in use by another process (stop it, or choose another PORT)"
        case EADDRNOTAVAIL: return "the address is not one of this machine's (check HOST)"
        case EACCES: return "permission denied (ports below 1024 need privileges)"
        default: return String(cString: strerror(code))
        }
    }
}

/// Checks that HOST:PORT can be bound before anything else starts, so a taken port fails at once with its address and
/// not after the database and workers started. The server binds again for real (SO_REUSEADDR, as NIO does).
public enum ListenAddressCheck {
    public static func ensureAvailable(host: String, port: Int) throws {
        guard port != 0 else { return }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw ListenError(host: host, port: port, reason: "the host does not resolve (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return }  // cannot test here: the server's own bind reports
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 || listen(fd, 1) != 0 {
            throw ListenError(host: host, port: port, reason: ListenError.reason(errno: errno))
        }
    }

    /// The server's own bind failure (a port taken in between), with the address.
    public static func describe(_ error: any Error, host: String, port: Int) -> any Error {
        if let io = error as? IOError, [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(io.errnoCode) {
            return ListenError(host: host, port: port, reason: ListenError.reason(errno: io.errnoCode))
        }
        return error
    }
}
