#pragma once
// Why this file exists: where a crawl starts. Seeds given as literals are kept as they are, names
// are resolved once, and with no seed at all the chain's DNS seeds are asked, with Bitcoin Core's
// fallback to the fixed seeds when DNS gives nothing (docs/spec.md §1).
#include <string>
#include <vector>

#include "wire/address.h"
#include "wire/chain.h"

namespace crawl {

struct SeedSources {
    std::vector<std::string> seeds;  // --seed HOST[:PORT]
    std::string seed_file;           // one seed per line, # comments
    bool dns_seeds{true};            // the chain's, when no seed is given
    bool fixed_seeds{false};         // the chain's, besides the others
};

// Throws store::UsageError for a seed that is malformed or a name that resolves to nothing; a
// failing DNS seed is only reported on stderr.
std::vector<wire::Endpoint> ResolveSeeds(const SeedSources& sources, const wire::ChainParams& chain);

}  // namespace crawl
