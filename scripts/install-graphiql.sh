#!/usr/bin/env bash
# Installs GraphiQL's browser assets (GraphiQL's UMD build, React, graphql-ws, with their licences) from PyPI's
# graphene-django-graphiql-static wheel into DIR (default .graphiql), which `solstake serve` serves at /graphiql/assets/.
# Third-party code: installed, never committed (.graphiql is ignored by git).
#   bash scripts/install-graphiql.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-.graphiql}
version=0.8
if [ -f "$dest/VERSION" ] && grep -q "graphene-django-graphiql-static==$version" "$dest/VERSION"; then
  echo "GraphiQL assets already in $dest ($(head -1 "$dest/VERSION"))"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download -q --no-deps "graphene-django-graphiql-static==$version" -d "$work"
wheel=$(ls "$work"/*.whl)
mkdir -p "$dest"
python3 - "$wheel" "$dest" <<'PY'
import hashlib, re, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
prefix = "graphene_django_graphiql_static/static/graphene_django_graphiql_static/"
wanted = ["graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "graphql-ws.min.js"]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    for name in wanted:
        with open(f"{dest}/{name}", "wb") as out:
            out.write(z.read(prefix + name))
    licence = next(n for n in names if n.endswith(".dist-info/LICENSE"))
    notices = [z.read(licence).decode()]
    for name in wanted:
        text = z.read(prefix + name).decode("utf-8", "replace")
        # The licence headers the minified files carry (/*! ... */, /** @license ... */).
        for block in re.findall(r"/\*[*!][\s\S]*?\*/", text[:20000]):
            if "license" in block.lower() or "copyright" in block.lower():
                notices.append(f"--- {name} ---\n{block}")
    with open(f"{dest}/LICENSES.txt", "w") as out:
        out.write("GraphiQL (MIT, GraphQL Contributors), React (MIT, Facebook, Inc. and its affiliates), graphql-ws (MIT, Denis Badurina),\n"
                  "as packaged by graphene-django-graphiql-static (licence below).\n\n" + "\n\n".join(notices) + "\n")
digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
with open(f"{dest}/VERSION", "w") as out:
    out.write(f"graphene-django-graphiql-static==0.8 sha256={digest}\nGraphiQL 2.x UMD, React 17.0.2, graphql-ws 5.x\n")
PY
echo "GraphiQL assets installed in $dest ($(head -1 "$dest/VERSION"))"
