import ArgumentParser
import SolStakeAPI

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the GraphQL schema (SDL) the server serves; schema.graphql is this output.")

    func run() throws {
        print(try SolStakeSchema.sdl(), terminator: "")
    }
}
