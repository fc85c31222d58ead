#!/usr/bin/env python3
"""What standard GraphQL tooling does against a solstake server: graphql-core's full introspection query (every option on)
and build_client_schema, gql's own introspection over HTTP and over the graphql-transport-ws WebSocket, and a query and a
subscription through gql. Prints one line per check; exits 1 on the first failure.

  python3 scripts/graphql_tools.py http://127.0.0.1:4000/graphql [--schema schema.graphql]

With --schema, the introspected schema must equal the committed SDL (both sorted and printed by graphql-core).
"""
import asyncio
import json
import sys
import urllib.request

from graphql import build_client_schema, build_schema, get_introspection_query, lexicographic_sort_schema, print_schema


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def post(url, query):
    request = urllib.request.Request(url, data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}") | {"status": error.code}


def graphql_core(url):
    query = get_introspection_query(
        descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True, input_value_deprecation=True)
    reply = post(url, query)
    if reply.get("errors"):
        fail(f"graphql-core introspection query: {json.dumps(reply['errors'])[:500]}")
    schema = build_client_schema(reply["data"])
    sdl = print_schema(schema)
    print(f"ok graphql-core {__import__('graphql').__version__}: introspection and build_client_schema, {len(schema.type_map)} types, {len(sdl)} bytes of SDL")
    return schema


async def gql_checks(url):
    try:
        from gql import Client, gql
        from gql.transport.aiohttp import AIOHTTPTransport
        from gql.transport.websockets import WebsocketsTransport
    except ImportError as error:
        print(f"skip gql: {error} (pip install 'gql[aiohttp,websockets]')")
        return
    async with Client(transport=AIOHTTPTransport(url=url), fetch_schema_from_transport=True) as session:
        if session.client.schema is None:
            fail("gql over HTTP fetched no schema")
        result = await session.execute(gql("{ networkSummary { validatorCount } }"))
        print(f"ok gql over HTTP: schema fetched ({len(session.client.schema.type_map)} types), query validated and answered: {result}")
    ws_url = url.replace("http://", "ws://").replace("https://", "wss://")
    transport = WebsocketsTransport(url=ws_url, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL])
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        if session.client.schema is None:
            fail("gql over WebSocket fetched no schema")
        result = await session.execute(gql("{ networkSummary { validatorCount } }"))
        print(f"ok gql over WebSocket (graphql-transport-ws): schema fetched ({len(session.client.schema.type_map)} types), query answered: {result}")


def everything_is_described(schema):
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, (GraphQLObjectType, GraphQLInputObjectType)):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{value}" for value, v in kind.values.items() if not v.description]
    if missing:
        fail(f"{len(missing)} schema elements have no description: {' '.join(missing[:60])}")
    print("ok every type, field, argument and enum value has a description")


def deep_data_query_is_refused(url):
    nested = "{ validators { id " + "scores { scoringRun { scores { validator { " * 4 + "id" + " } } } }" * 4 + " } }"
    reply = post(url, nested)
    codes = [e.get("extensions", {}).get("code") for e in reply.get("errors", [])]
    if "QUERY_TOO_DEEP" not in codes:
        fail(f"a deep query through the data types was not refused: {json.dumps(reply)[:300]}")
    print("ok a deep query through the data types is still refused (QUERY_TOO_DEEP)")


def matches_committed(schema, path):
    with open(path, encoding="utf-8") as handle:
        committed = print_schema(lexicographic_sort_schema(build_schema(handle.read())))
    # Introspection does not promise an order: both sides sorted.
    served = print_schema(lexicographic_sort_schema(schema))
    if committed != served:
        import difflib
        diff = "\n".join(difflib.unified_diff(committed.splitlines(), served.splitlines(), "committed", "served", lineterm="", n=1))
        fail(f"the served schema differs from {path} (regenerate with `swift run solstake schema > schema.graphql`):\n{diff[:3000]}")
    print(f"ok the served schema equals {path}")


def main():
    args = sys.argv[1:]
    schema_path = None
    if "--schema" in args:
        index = args.index("--schema")
        schema_path = args[index + 1] if index + 1 < len(args) else None
        del args[index:index + 2]
    if len(args) != 1 or ("--schema" in sys.argv and schema_path is None):
        print(__doc__)
        sys.exit(2)
    url = args[0]
    schema = graphql_core(url)
    everything_is_described(schema)
    if schema_path:
        matches_committed(schema, schema_path)
    deep_data_query_is_refused(url)
    asyncio.run(gql_checks(url))


if __name__ == "__main__":
    main()
