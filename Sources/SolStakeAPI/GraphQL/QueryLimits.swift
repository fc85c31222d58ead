import GraphQL

/// Static analysis of an operation before it is validated or run: selection depth, aliases, fields after fragment
/// expansion, and an estimated cost where every object field costs 1 and list fields multiply what is under them by
/// their page size (the `limit`/`first`/`count` argument, or the field's default page), never more than the rows the list
/// can hold now (`bounds`): a query asking for every row is judged by what it would really return.
///
/// Each fragment is summarised once and its summary reused at every spread, so a "fragment bomb" (fragments that spread
/// the previous one twice) costs time linear in the document while its expanded field count is still exact (saturating).
/// Introspection (`__schema`, `__type` and what is under them) does not count towards the depth limit: tools send
/// 13-15-level introspection queries, and their size is still bounded by the cost and the document scan.
public struct QueryLimits: Sendable {
    public struct Analysis: Sendable, Equatable {
        public var depth: Int
        public var aliases: Int
        public var fields: Int
        public var cost: Int
    }

    /// For each `Type.field`: whether it returns a list and the name of its named type.
    private let shape: [String: (list: Bool, type: String)]
    private let rootTypes: [OperationType: String]

    /// Page-size arguments and defaults of list fields (others count 10).
    static let pages: [String: (argument: String?, default: Int)] = [
        "Query.validators": ("limit", PageSizes.validators.default),
        "Query.validatorsConnection": ("first", PageSizes.connection.default),
        "Query.scoringRuns": ("limit", PageSizes.scoringRuns.default),
        "Query.users": ("limit", PageSizes.users.default),
        "Query.recommendedValidators": ("count", 10),
        "Validator.trustScores": ("limit", PageSizes.scoreHistory.default),
        "Validator.epochStats": ("limit", PageSizes.epochStats.default),
        "ScoringRun.trustScores": ("limit", PageSizes.runScores.default),
        "User.stakeAccounts": (nil, PageSizes.stakeAccounts.default),
        "Query.usersConnection": ("first", PageSizes.connection.default),
        "Query.scoringRunsConnection": ("first", PageSizes.connection.default),
        // Already multiplied by `first`.
        "ValidatorConnection.edges": (nil, 1), "UserConnection.edges": (nil, 1), "ScoringRunConnection.edges": (nil, 1),
    ]

    public init(schema: GraphQLSchema) {
        var shape: [String: (list: Bool, type: String)] = [:]
        var roots: [OperationType: String] = [:]
        var queue: [GraphQLObjectType] = []
        if let q = schema.queryType { roots[.query] = q.name; queue.append(q) }
        if let m = schema.mutationType { roots[.mutation] = m.name; queue.append(m) }
        if let s = schema.subscriptionType { roots[.subscription] = s.name; queue.append(s) }
        for root in roots.values {
            shape["\(root).__schema"] = (false, "__Schema")
            shape["\(root).__type"] = (false, "__Type")
        }
        for name in ["__Schema", "__Type"] { if let object = schema.typeMap[name] as? GraphQLObjectType { queue.append(object) } }
        var seen = Set(queue.map(\.name))
        while let type = queue.popLast() {
            guard let fields = try? type.fields() else { continue }
            for (name, field) in fields {
                var unwrapped: any GraphQLType = field.type
                if let nonNull = unwrapped as? GraphQLNonNull { unwrapped = nonNull.ofType }
                let isList = unwrapped is GraphQLList
                guard let named = getNamedType(type: field.type) else { continue }
                shape["\(type.name).\(name)"] = (isList, named.name)
                if let object = named as? GraphQLObjectType, seen.insert(object.name).inserted { queue.append(object) }
            }
        }
        self.shape = shape
        rootTypes = roots
    }

    /// What a selection set amounts to: its depth below the set, aliases, fields and cost (all saturating).
    private struct Summary {
        var depth = 0
        var aliases = 0
        var fields = 0
        var cost = 0

        /// Sibling selections: depths are the deeper one, the rest add up.
        mutating func add(_ other: Summary) {
            depth = max(depth, other.depth)
            aliases = saturating(aliases, other.aliases)
            fields = saturating(fields, other.fields)
            cost = saturating(cost, other.cost)
        }

        /// An object field over `child`: one level deeper (unless introspection), one more field, and a cost of its
        /// page size times (itself plus what is under it).
        static func field(over child: Summary, aliased: Bool, countsDepth: Bool, multiplier: Int) -> Summary {
            let (product, overflow) = max(0, multiplier).multipliedReportingOverflow(by: saturating(1, child.cost))
            return Summary(
                depth: saturating(child.depth, countsDepth ? 1 : 0), aliases: saturating(child.aliases, aliased ? 1 : 0),
                fields: saturating(child.fields, 1), cost: overflow ? QueryLimits.ceiling : min(product, QueryLimits.ceiling))
        }
    }

    public func analyze(_ document: Document, operationName: String?, variables: [String: Map], bounds: [String: Int] = [:]) -> Analysis? {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let operation = operationName.map { name in operations.first { $0.name?.value == name } } ?? (operations.count == 1 ? operations.first : nil)
        guard let operation, let root = rootTypes[operation.operation] else { return nil }
        var fragments: [String: FragmentDefinition] = [:]
        for fragment in document.definitions.compactMap({ $0 as? FragmentDefinition }) { fragments[fragment.name.value] = fragment }

        // Fragment summaries: computed once each; a spread of a fragment still being summarised (a cycle, which
        // validation rejects) contributes nothing.
        var summaries: [String: Summary] = [:]
        var inProgress: Set<String> = []

        func walk(_ set: SelectionSet, parent: String, introspection: Bool) -> Summary {
            var summary = Summary()
            for selection in set.selections {
                if let field = selection as? Field {
                    let name = field.name.value
                    let key = "\(parent).\(name)"
                    let info = shape[key]
                    let inIntrospection = introspection || name == "__schema" || name == "__type"
                    guard let sub = field.selectionSet else {
                        // Scalars are free.
                        summary.add(Summary(aliases: field.alias == nil ? 0 : 1, fields: 1))
                        continue
                    }
                    let child = walk(sub, parent: info?.type ?? "?", introspection: inIntrospection)
                    let page = pageSize(of: field, key: key, isList: info?.list == true, variables: variables)
                    let multiplier = bounds[key].map { min(page, max(1, $0)) } ?? page
                    summary.add(.field(over: child, aliased: field.alias != nil, countsDepth: !inIntrospection, multiplier: multiplier))
                } else if let inline = selection as? InlineFragment {
                    summary.add(walk(inline.selectionSet, parent: inline.typeCondition?.name.value ?? parent, introspection: introspection))
                } else if let spread = selection as? FragmentSpread {
                    let name = spread.name.value
                    guard let fragment = fragments[name], !inProgress.contains(name) else { continue }
                    if summaries[name] == nil {
                        inProgress.insert(name)
                        summaries[name] = walk(fragment.selectionSet, parent: fragment.typeCondition.name.value, introspection: introspection)
                        inProgress.remove(name)
                    }
                    summary.add(summaries[name]!)
                }
            }
            return summary
        }
        let result = walk(operation.selectionSet, parent: root, introspection: false)
        return Analysis(depth: result.depth + 1, aliases: result.aliases, fields: result.fields, cost: result.cost)
    }

    /// How many times a field's selection counts: its page-size argument (literal or variable) or default page for the
    /// list fields in `pages`, 10 for other lists, else 1.
    private func pageSize(of field: Field, key: String, isList: Bool, variables: [String: Map]) -> Int {
        guard let page = Self.pages[key] else { return isList ? 10 : 1 }
        guard let argument = page.argument, let given = field.arguments.first(where: { $0.name.value == argument }) else { return page.default }
        return intValue(given.value, variables) ?? page.default
    }

    private func intValue(_ value: any Value, _ variables: [String: Map]) -> Int? {
        if let literal = value as? IntValue { return Int(literal.value) }
        if let variable = value as? Variable { return variables[variable.name.value]?.int }
        return nil
    }
}

/// Addition that stops at a ceiling far above any limit instead of overflowing.
private func saturating(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? QueryLimits.ceiling : min(sum, QueryLimits.ceiling)
}

extension QueryLimits {
    static let ceiling = Int.max / 4
}
