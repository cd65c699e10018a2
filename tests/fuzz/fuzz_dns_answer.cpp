// libFuzzer target: any bytes as a DNS query over UDP and TCP, through ldns and dns::Responder.
// A reply must never exceed what its transport allows, and silence is the only other outcome.
#include <cstdint>
#include <cstdlib>

#include "dns/answer.h"

namespace {

const dns::AnswerSet& Nodes()
{
    static const dns::AnswerSet set = [] {
        dns::AnswerSet nodes;
        for (uint8_t i = 1; i < 60; ++i) {
            nodes.nodes.push_back({{wire::NetAddress::FromIPv4({10, i, 0, 1}), 8333}, i % 2 ? 9u : 1u});
            nodes.nodes.push_back(
                {{wire::NetAddress::FromIPv6({0x20, 0x01, 0x0d, i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 8333}, 9});
        }
        return nodes;
    }();
    return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const dns::Responder responder{{"seed.example.org", "ns.example.org", "hostmaster.example.org", 60, 25}};
    static std::mt19937_64 random{1};
    const std::span<const uint8_t> query{data, size};
    const auto udp = responder.Answer(query, dns::Transport::udp, Nodes(), random);
    if (udp.wire.size() > dns::MAX_UDP_REPLY) std::abort();
    const auto tcp = responder.Answer(query, dns::Transport::tcp, Nodes(), random);
    if (tcp.wire.empty() != udp.wire.empty()) std::abort();
    return 0;
}
