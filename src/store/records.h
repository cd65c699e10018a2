#pragma once
// Why this file exists: the rows the crawl engine hands to the store. The engine assigns every id
// itself (it is the only writer of a crawl), so a whole connection can be recorded in one batch
// without a round trip to the database, and rows reference each other before they are written.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "wire/messages.h"
#include "wire/transport.h"

namespace store {

using TimeMs = int64_t;  // Unix time in milliseconds, the unit of every *_at column

// docs/spec.md §3 outcome vocabulary, in the words stored in `connections.outcome`.
enum class Outcome {
    ok,
    no_addr,
    refused,
    unreachable,
    connect_timeout,
    handshake_timeout,
    peer_closed,
    protocol_error,
    proxy_error,
    cancelled,
};
std::string_view OutcomeName(Outcome outcome);
std::optional<Outcome> OutcomeFromName(std::string_view name);
// Every outcome, in the order above (the order reports list them in).
std::span<const Outcome> AllOutcomes();

struct AddressRow {
    int64_t id;
    wire::Endpoint endpoint;  // network, canonical host text and port are derived from it
    TimeMs first_seen_at;
};

// An address this crawl learned (from a seed, the file, or a peer): the crawl's frontier.
struct CrawlAddressRow {
    int64_t crawl_id;
    int64_t address_id;
    TimeMs learned_at;
};

struct VersionRow {
    TimeMs received_at;
    wire::Bytes raw;  // the whole payload
    // nullopt when the payload did not decode (it is still stored raw)
    std::optional<wire::VersionMessage> parsed;
};

struct AddrEntryRow {
    int64_t address_id;
    uint32_t timestamp;
    uint64_t services;  // stored as INTEGER (int64 cast) so SQL can test bits with &
};

struct AddrMessageRow {
    int64_t id;
    TimeMs received_at;
    std::string command;  // "addr" or "addrv2"
    wire::Bytes raw;
    uint32_t entry_count;               // entries the message declared and carried
    std::vector<AddrEntryRow> entries;  // entries on networks the schema knows
};

// One connection attempt, written whole when it ends, with every message it received: a crash
// loses whole connections, never half of one.
struct ConnectionRecord {
    int64_t id;
    int64_t crawl_id;
    int64_t address_id;
    int attempt;  // 1 = first try
    TimeMs started_at;
    std::optional<TimeMs> connected_at;
    std::optional<TimeMs> handshake_at;
    TimeMs finished_at;
    Outcome outcome;
    std::optional<std::string> error;  // nullopt on success
    std::optional<VersionRow> version;
    std::vector<AddrMessageRow> addr_messages;
    wire::TransportKind transport{wire::TransportKind::v1};
    std::optional<wire::SessionId> v2_session_id;
    // The v2 connection row this v1 reconnection follows (BIP324 fallback), in the same attempt.
    std::optional<int64_t> fallback_from;
};

// What the engine sends to the writer thread, in order; one Batch is one transaction.
struct Batch {
    std::vector<AddressRow> addresses;  // new addresses first: later rows reference them
    std::vector<CrawlAddressRow> crawl_addresses;
    std::vector<ConnectionRecord> connections;

    bool Empty() const { return addresses.empty() && crawl_addresses.empty() && connections.empty(); }
    size_t RowCount() const;  // rough size, for batching and back-pressure
};

}  // namespace store
