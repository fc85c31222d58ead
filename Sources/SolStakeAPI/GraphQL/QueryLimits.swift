import GraphQL

/// Static analysis of an operation before it runs: selection depth, aliases, and an estimated cost where every object
/// field costs 1 and list fields multiply what is under them by their page size (the `limit`/`first`/`count` argument,
/// or the field's default page). Fragments are expanded (cycles are the validator's to reject; they stop here).
public struct QueryLimits: Sendable {
    public struct Analysis: Sendable, Equatable {
        public var depth: Int
        public var aliases: Int
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
        "ValidatorConnection.edges": (nil, 1),  // already multiplied by `first`
    ]

    public init(schema: GraphQLSchema) {
        var shape: [String: (list: Bool, type: String)] = [:]
        var roots: [OperationType: String] = [:]
        var queue: [GraphQLObjectType] = []
        if let q = schema.queryType { roots[.query] = q.name; queue.append(q) }
        if let m = schema.mutationType { roots[.mutation] = m.name; queue.append(m) }
        if let s = schema.subscriptionType { roots[.subscription] = s.name; queue.append(s) }
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

    public func analyze(_ document: Document, operationName: String?, variables: [String: Map]) -> Analysis? {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let operation = operationName.map { name in operations.first { $0.name?.value == name } } ?? (operations.count == 1 ? operations.first : nil)
        guard let operation, let root = rootTypes[operation.operation] else { return nil }
        var fragments: [String: FragmentDefinition] = [:]
        for fragment in document.definitions.compactMap({ $0 as? FragmentDefinition }) { fragments[fragment.name.value] = fragment }

        var aliases = 0
        func walk(_ set: SelectionSet, parent: String, depth: Int, visiting: Set<String>) -> (depth: Int, cost: Int) {
            var maxDepth = depth
            var cost = 0
            for selection in set.selections {
                if let field = selection as? Field {
                    if field.alias != nil { aliases += 1 }
                    let name = field.name.value
                    let key = "\(parent).\(name)"
                    guard let info = shape[key] else {
                        // Introspection and typos: depth still counts; validation rejects unknown fields.
                        if let sub = field.selectionSet {
                            maxDepth = max(maxDepth, walk(sub, parent: "__Introspection", depth: depth + 1, visiting: visiting).depth)
                            cost += 1
                        }
                        continue
                    }
                    guard let sub = field.selectionSet else { continue }  // scalars are free
                    let child = walk(sub, parent: info.type, depth: depth + 1, visiting: visiting)
                    maxDepth = max(maxDepth, child.depth)
                    var multiplier = 1
                    if let page = Self.pages[key] {
                        multiplier = page.default
                        if let argument = page.argument, let given = field.arguments.first(where: { $0.name.value == argument }) {
                            multiplier = intValue(given.value, variables) ?? page.default
                        }
                    } else if info.list {
                        multiplier = 10
                    }
                    let (product, overflow) = max(0, multiplier).multipliedReportingOverflow(by: 1 + child.cost)
                    cost = overflow ? Int.max / 2 : min(Int.max / 2, cost + product)
                } else if let inline = selection as? InlineFragment {
                    let child = walk(inline.selectionSet, parent: inline.typeCondition?.name.value ?? parent, depth: depth, visiting: visiting)
                    maxDepth = max(maxDepth, child.depth)
                    cost = min(Int.max / 2, cost + child.cost)
                } else if let spread = selection as? FragmentSpread {
                    let name = spread.name.value
                    guard !visiting.contains(name), let fragment = fragments[name] else { continue }
                    let child = walk(fragment.selectionSet, parent: fragment.typeCondition.name.value, depth: depth, visiting: visiting.union([name]))
                    maxDepth = max(maxDepth, child.depth)
                    cost = min(Int.max / 2, cost + child.cost)
                }
            }
            return (maxDepth, cost)
        }
        let result = walk(operation.selectionSet, parent: root, depth: 0, visiting: [])
        return Analysis(depth: result.depth + 1, aliases: aliases, cost: result.cost)
    }

    private func intValue(_ value: any Value, _ variables: [String: Map]) -> Int? {
        if let literal = value as? IntValue { return Int(literal.value) }
        if let variable = value as? Variable { return variables[variable.name.value]?.int }
        return nil
    }
}
