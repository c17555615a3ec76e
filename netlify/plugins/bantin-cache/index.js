// Keeps Bantin's build cache (.cache/bantin: parsed documents, body facts, input digests,
// the outputs table) and the last output (the publish folder, search shards included)
// between Netlify deploys, with Netlify's own cache utility. A deploy then builds as an
// editor's second build does: only the pages an edit shows are made again, and only the
// search shards whose pages changed are indexed again.
//
// Nothing restored is trusted as it is: a cache written by another Bantin version is
// discarded (bantin/engine/cache.py), and the restored output is used only when every file
// the cache lists is there with the bytes it recorded and there is no other file
// (bantin/engine/publish.py, adopt); otherwise the build makes the site from nothing.
const CACHE = ".cache/bantin";

const kept = (constants) => [CACHE, constants.PUBLISH_DIR];

module.exports = {
  async onPreBuild({ utils, constants }) {
    for (const path of kept(constants)) {
      if (await utils.cache.restore(path)) console.log(`restored ${path}`);
    }
  },
  async onPostBuild({ utils, constants }) {
    for (const path of kept(constants)) {
      if (await utils.cache.save(path)) console.log(`saved ${path}`);
    }
  },
};
