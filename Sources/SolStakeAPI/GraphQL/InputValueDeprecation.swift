import GraphQL

/// GraphQLSwift answers null for `__InputValue.isDeprecated` (it reads stored properties, and the argument and
/// input-field definitions only store `deprecationReason`), which fails every tool that asks with
/// `inputValueDeprecation` (graphql-core, GraphiQL). Such a selection is rewritten to an aliased `deprecationReason`
/// before execution, and the answer turned back into the Boolean the spec defines.
enum InputValueDeprecation {
    static let aliasPrefix = "solstakeInputValueDeprecated__"

    /// Where `isDeprecated` is selected on `__InputValue`: the UTF-8 range from the alias (or name) to the name's end.
    struct Site: Equatable {
        let start: Int
        let end: Int
        let responseKey: String
    }

    private final class Sites: @unchecked Sendable {
        var list: [Site] = []
    }

    /// The sites in a validated document.
    static func sites(in document: Document, schema: GraphQLSchema) -> [Site] {
        let found = Sites()
        let rule: @Sendable (ValidationContext) -> Visitor = { context in
            Visitor(enter: { node, _, _, _, _ in
                if let field = node as? Field, field.name.value == "isDeprecated",
                    (context.parentType as? GraphQLObjectType)?.name == "__InputValue",
                    let start = field.loc?.start, let end = field.name.loc?.end
                {
                    found.list.append(Site(start: start, end: end, responseKey: field.alias?.value ?? field.name.value))
                }
                return .continue
            })
        }
        _ = validate(schema: schema, ast: document, rules: [rule])
        return found.list
    }

    /// The query with each site replaced by `<prefix><responseKey>: deprecationReason`.
    static func rewrite(_ query: String, sites: [Site]) -> String {
        var bytes = Array(query.utf8)
        for site in sites.sorted(by: { $0.start > $1.start }) where site.start <= site.end && site.end <= bytes.count {
            bytes.replaceSubrange(site.start..<site.end, with: Array("\(aliasPrefix)\(site.responseKey): deprecationReason".utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The answer with every rewritten key back under its response key, as a Boolean (a reason means deprecated).
    static func restore(_ value: Map) -> Map {
        switch value {
        case .array(let items):
            return .array(items.map(restore))
        case .dictionary(let entries):
            var out = entries
            out.removeAll()
            for (key, entry) in entries {
                if key.hasPrefix(aliasPrefix) {
                    let isDeprecated: Bool
                    if case .string = entry { isDeprecated = true } else { isDeprecated = false }
                    out[String(key.dropFirst(aliasPrefix.count))] = .bool(isDeprecated)
                } else {
                    out[key] = restore(entry)
                }
            }
            return .dictionary(out)
        default:
            return value
        }
    }
}
