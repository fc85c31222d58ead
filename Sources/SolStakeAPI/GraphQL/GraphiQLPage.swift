/// The GraphiQL IDE, from solstake's own `/graphiql/assets/` (no CDN), pointed at the endpoint it is served from, with
/// subscriptions over the WebSocket. Without installed assets the page says how to install them instead of waiting.
enum GraphiQLPage {
    static func html(assets: GraphiQLAssets) -> String {
        guard assets.installed else {
            return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>solstake GraphQL</title></head>
                <body><h1>GraphiQL is not installed</h1>
                <p>Its browser files are not in <code>\(assets.directory)</code>. Run <code>bash scripts/install-graphiql.sh</code>
                (or set <code>GRAPHIQL_ASSETS_DIR</code>) and restart. The API itself answers at <code>POST /graphql</code>.</p>
                </body></html>
                """
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>solstake GraphQL</title>
              <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
              <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
            </head>
            <body>
              <div id="graphiql">Loading GraphiQL…</div>
              <script src="/graphiql/assets/react.production.min.js"></script>
              <script src="/graphiql/assets/react-dom.production.min.js"></script>
              <script src="/graphiql/assets/graphql-ws.min.js"></script>
              <script src="/graphiql/assets/graphiql.min.js"></script>
              <script>
                const url = window.location.origin + '/graphql';
                const wsUrl = url.replace(/^http/, 'ws');
                const fetcher = GraphiQL.createFetcher({ url, wsClient: graphqlWs.createClient({ url: wsUrl }) });
                const defaultQuery = `query GetValidators {
              validators {
                id
                validatorPubkey
                voteAccount
                commission
                uptime
                latestTrustScore {
                  score
                  createdAt
                  scoringRunId
                }
              }
            }
            `;
                ReactDOM.render(React.createElement(GraphiQL, { fetcher, defaultQuery }), document.getElementById('graphiql'));
              </script>
              <!-- \(assets.version ?? ""); licences at /graphiql/assets/LICENSES.txt -->
            </body>
            </html>
            """
    }
}
