#include "monitor/verdict.h"

#include <array>

namespace monitor {

std::string_view PresenceName(Presence presence)
{
    switch (presence) {
    case Presence::up: return "up";
    case Presence::up_full: return "up_full";
    case Presence::down: return "down";
    }
    return "?";
}

std::optional<Presence> PresenceOf(store::Outcome outcome, bool tcp_connected, bool version_received)
{
    using store::Outcome;
    if (outcome == Outcome::cancelled) return std::nullopt;
    if (outcome == Outcome::proxy_error && !tcp_connected) return std::nullopt;
    if (version_received) return Presence::up;
    if (outcome == Outcome::peer_closed && tcp_connected) return Presence::up_full;
    return Presence::down;
}

bool IsGood(const NodeStanding& node, const GoodRule& rule)
{
    if (!node.up_now || !node.version || !node.services) return false;
    if (*node.version < rule.min_version) return false;
    if ((*node.services & rule.required_services) != rule.required_services) return false;
    if (node.attempts <= 3 && node.successes * 2 >= node.attempts) return true;
    struct Threshold {
        double reliability;
        double count;
    };
    constexpr std::array<Threshold, UPTIME_WINDOWS.size()> thresholds{{
        {0.85, 2},
        {0.70, 4},
        {0.55, 8},
        {0.45, 16},
        {0.35, 32},
    }};
    for (size_t i = 0; i < thresholds.size(); ++i) {
        const DecayedWindow& window = node.uptime.windows[i];
        if (window.reliability > thresholds[i].reliability && window.count > thresholds[i].count) return true;
    }
    return false;
}

bool GetaddrDue(std::optional<int64_t> last_answer_at, int64_t now, int64_t interval_seconds)
{
    return !last_answer_at || now - *last_answer_at >= interval_seconds;
}

}  // namespace monitor
