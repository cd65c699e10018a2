#pragma once
// Why this file exists: what one attempt says about a node (up, up but full, down, or nothing),
// whether a node is `good` enough to hand out as a seed, and whether it is worth a `getaddr` this
// time. Each is a small documented rule (docs/monitor.md) kept apart from the loop that uses it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "monitor/uptime.h"
#include "store/records.h"

namespace monitor {

enum class Presence {
    up,       // completed the handshake
    up_full,  // accepted TCP and closed before `version`: Core does this when its inbound slots are full
    down,
};

std::string_view PresenceName(Presence presence);

// nullopt when the attempt says nothing about the node: the crawl was cancelled under it, or a
// proxy failed before reaching it.
std::optional<Presence> PresenceOf(store::Outcome outcome, bool tcp_connected, bool version_received);

struct GoodRule {
    int32_t min_version{70001};         // the sipa seeder's REQUIRE_VERSION
    uint64_t required_services{1 | 8};  // NODE_NETWORK | NODE_WITNESS, what Core's seeds need
};

// The newest facts about a node, as the good rule needs them.
struct NodeStanding {
    bool up_now{false};  // the newest attempt found it up (a full node is not: it served nothing)
    std::optional<int32_t> version;
    std::optional<uint64_t> services;
    Uptime uptime;
    int attempts{0};
    int successes{0};
};

// Good: up now, with the newest protocol version ≥ min_version and every required service bit,
// and enough recent uptime: either a young record (≤ 3 attempts, at least half of them up) or one
// of the sipa seeder's window thresholds (2 h > 85 % over > 2 observations, 8 h > 70 % over > 4,
// 1 d > 55 % over > 8, 7 d > 45 % over > 16, 30 d > 35 % over > 32).
bool IsGood(const NodeStanding& node, const GoodRule& rule = {});

// Core answers `getaddr` from a cache that lives 21–27 hours, so asking sooner returns the same
// list: send it only when the node never answered one or its last answer (Unix seconds) is at
// least `interval_seconds` old.
bool GetaddrDue(std::optional<int64_t> last_answer_at, int64_t now, int64_t interval_seconds);

}  // namespace monitor
