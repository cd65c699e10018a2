#pragma once
// Why this file exists: one DNS query in, the bytes to send back (or silence) out — everything the
// seed decides about a packet, with no sockets, so it is unit-tested and fuzzed alone. ldns parses
// the query and writes the reply; no DNS wire format is written here by hand.
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/dns_candidates.h"

namespace dns {

// What the server may put in a UDP reply when the query's EDNS0 buffer allows more than 512 bytes
// (the DNS flag day 2020 size, which avoids IP fragmentation).
constexpr uint16_t MAX_UDP_REPLY = 1232;
constexpr uint16_t CLASSIC_UDP_REPLY = 512;  // RFC 1035, without EDNS0
// A query is a question and maybe an OPT record; anything larger is ignored unread.
constexpr size_t MAX_QUERY_SIZE = 4096;
// TTL of the NS and SOA records; --ttl is the TTL of the A/AAAA answers and of negative answers.
constexpr uint32_t ZONE_RECORD_TTL = 3600;

struct ZoneSettings {
    std::string zone;  // seed.example.org
    std::string ns;    // the name server's own name, outside the zone (its address is glue upstream)
    std::string mbox;  // the SOA's RNAME: hostmaster.example.org
    uint32_t ttl{60};
    size_t answers{25};
};

// The nodes a query may be answered with, refreshed from the file every minute.
struct AnswerSet {
    std::vector<store::SeedCandidate> nodes;
    uint32_t serial{1};  // the SOA serial: when the set was loaded, in Unix seconds
};

enum class Transport { udp, tcp };

struct ZoneNames;  // the settings' names, parsed once

// How a query ended, for the per-minute log line.
enum class Verdict { answered, truncated, nxdomain, refused, formerr, notimp, ignored };
constexpr size_t VERDICT_COUNT = 7;
std::string_view VerdictName(Verdict verdict);

struct Reply {
    std::vector<uint8_t> wire;  // empty: send nothing
    Verdict verdict;
};

class Responder {
public:
    // Throws std::invalid_argument naming the setting that is not a domain name.
    explicit Responder(const ZoneSettings& settings);
    ~Responder();
    Responder(const Responder&) = delete;
    Responder& operator=(const Responder&) = delete;

    // - unparseable (truncated, compression loop, garbage, longer than MAX_QUERY_SIZE) or a
    //   response (QR=1): silence, so we never answer an answer and never amplify junk;
    // - opcode other than QUERY: NOTIMP; not exactly one question: FORMERR;
    // - class other than IN (or ANY), or a name outside the zone: REFUSED;
    // - the apex: A, AAAA (a sample of the set), NS, SOA; ANY is answered like A (RFC 8482: one
    //   RRset, never everything); `x<hex>.` names (flags.h): A, AAAA, ANY the same way;
    //   any other name inside the zone: NXDOMAIN; a type a name lacks: NOERROR, no answer;
    //   negative answers carry the SOA (RFC 2308);
    // - a UDP reply larger than the query's EDNS0 buffer (512 without EDNS0, at most
    //   MAX_UDP_REPLY) goes out with TC=1 and no records, so the resolver retries over TCP.
    Reply Answer(std::span<const uint8_t> query, Transport transport, const AnswerSet& set,
                 std::mt19937_64& random) const;

private:
    ZoneSettings m_settings;
    std::unique_ptr<ZoneNames> m_names;
};

}  // namespace dns
