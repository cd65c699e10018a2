#pragma once
// Why this file exists: seeds given by name and the chain's DNS seeds are resolved once, at the
// start of a crawl, all names in parallel and each with a timeout; a name that fails is reported,
// not fatal, so one dead DNS seed cannot stop a crawl.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "wire/address.h"

namespace net {

struct Resolved {
    std::string name;
    std::vector<wire::Endpoint> endpoints;  // IPv4 and IPv6 answers, each with the requested port
    std::optional<std::string> error;       // set when the name gave nothing
};

std::vector<Resolved> ResolveNames(const std::vector<wire::HostPort>& names, std::chrono::milliseconds timeout);

}  // namespace net
