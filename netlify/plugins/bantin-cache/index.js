// Keeps Bantin's build cache (.cache/bantin: parsed documents, body facts, input digests)
// between Netlify deploys, with Netlify's own cache utility. A cache written by another
// Bantin version is discarded by the build itself (bantin/cache.py), never trusted.
const CACHE = ".cache/bantin";

module.exports = {
  async onPreBuild({ utils }) {
    if (await utils.cache.restore(CACHE)) console.log(`restored ${CACHE}`);
  },
  async onPostBuild({ utils }) {
    if (await utils.cache.save(CACHE)) console.log(`saved ${CACHE}`);
  },
};
