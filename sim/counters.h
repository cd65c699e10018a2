#pragma once
// Why this file exists: an end-to-end test of `btccrawl monitor` must prove what the crawler did
// to each node (how often it connected, shook hands, asked for addresses), which only the nodes
// can see. btcsim counts per node and writes the counts on request (--counters, docs/btcsim.md).
#include <cstdint>
#include <span>
#include <string>

#include "sim/world.h"

namespace sim {

// One node's counts since btcsim started (single-threaded: plain integers).
struct NodeCounters {
    uint64_t connections{0};  // TCP connections accepted for the node, `full` ones included
    uint64_t versions{0};     // connections on which the node read the peer's `version`
    uint64_t getaddrs{0};     // `getaddr` messages read by a node serving as Core (any stage)
};

// The counters file's JSON: {"format":"btcsim-counters-1","written_at_ms":MS,
// "nodes":{"HOST:PORT":{"connections":n,"versions":n,"getaddrs":n},...}}, one line per node, every
// node in index order. `counters` has one element per node.
std::string CountersJson(const World& world, std::span<const NodeCounters> counters, int64_t written_at_ms);

// Writes `text` to `path` atomically: a reader sees the old file or the new one, never half of
// one (PATH.tmp, then rename). Throws std::runtime_error naming the file when it cannot.
void WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace sim
