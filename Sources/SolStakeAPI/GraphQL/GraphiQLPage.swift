/// The GraphiQL IDE (assets from a CDN), pointed at the endpoint it is served from, with subscriptions over WebSocket.
enum GraphiQLPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>solstake GraphQL</title>
          <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
          <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css">
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
          <script crossorigin src="https://unpkg.com/graphql-ws@5.16.0/umd/graphql-ws.min.js"></script>
          <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
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
            ReactDOM.createRoot(document.getElementById('graphiql'))
              .render(React.createElement(GraphiQL, { fetcher, defaultQuery }));
          </script>
        </body>
        </html>
        """
}
