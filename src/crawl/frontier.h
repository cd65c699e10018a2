#pragma once
// Why this file exists: the crawl's memory of addresses, without sockets or disk so it can be
// tested alone. Every address is de-duplicated by (network, host, port) the moment it is learned,
// gets its database id here, and is dialed at most once per crawl — plus retries of the outcomes
// that a second try can change (connect_timeout, handshake_timeout, unreachable) after a back-off.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <vector>

#include "crawl/endpoint_index.h"
#include "store/database.h"
#include "wire/address.h"

namespace crawl {

using SteadyClock = std::chrono::steady_clock;

// Which networks besides IPv4/IPv6 this crawl can reach, from --proxy, --i2p-sam and --cjdns.
struct Reach {
    bool onion{false};
    bool i2p{false};
    bool cjdns{false};
};

// What may be dialed (docs/spec.md §1, docs/networks.md). IPv4/IPv6: with a scope, only addresses inside
// it; without, only routable ones. CJDNS (an IPv6 range reached through the cjdns interface):
// only with --cjdns, and the scope applies to it as to any IP address. Tor and I2P: only through
// their proxy; the scope (IP ranges) does not apply, the proxy itself is checked when the
// command line is read. Everything else is recorded, never dialed.
class DialPolicy {
public:
    explicit DialPolicy(std::vector<wire::Cidr> scope, Reach reach = {}) : m_scope{std::move(scope)}, m_reach{reach} {}
    bool IsDialable(const wire::NetAddress& address) const;

private:
    bool InScope(const wire::NetAddress& address) const;

    std::vector<wire::Cidr> m_scope;
    Reach m_reach;
};

struct RetryPolicy {
    int retries{1};                                          // extra attempts after the first, for retryable outcomes
    SteadyClock::duration backoff{std::chrono::seconds{5}};  // times the attempt number
};

bool IsRetryable(store::Outcome outcome);

struct Dial {
    int64_t address_id;
    wire::Endpoint endpoint;
    int attempt;  // 1 = first try
    // What the newest address message before this dial said of the address; nullopt when none did.
    std::optional<uint64_t> advertised_services{};
    bool send_getaddr{true};
};

class Frontier {
public:
    Frontier(DialPolicy dial_policy, RetryPolicy retry_policy);

    // An address the file already knows; not part of this crawl until Learn()ed.
    void AddKnown(int64_t id, const wire::Endpoint& endpoint);
    // A monitor round (docs/monitor.md): a known address its schedule does not dial now stays
    // undialed even when a peer advertises it; one whose `getaddr` answer is still fresh is
    // dialed without asking again.
    void HoldBack(int64_t id) { At(id).held_back = true; }
    void WithoutGetaddr(int64_t id) { At(id).send_getaddr = false; }

    struct Learned {
        int64_t id;
        bool new_address;   // first time the file sees it: write an addresses row
        bool new_to_crawl;  // first time this crawl sees it: write a crawl_addresses row
    };
    // Records that this crawl learned the endpoint, and queues it if it is dialable and this crawl
    // has not dialed it yet. `entry_time` is the advertised timestamp (0: none, e.g. a seed) and
    // `advertiser` the id of the peer whose address message carried it (0: none): the living are
    // dialed first (see Freshness).
    Learned Learn(const wire::Endpoint& endpoint, uint32_t entry_time = 0, int64_t advertiser = 0);

    // A peer's address message advertised the address with these services (the newest counts).
    void Advertised(int64_t id, uint64_t services) { At(id).advertised_services = services; }

    // Resuming: what the interrupted crawl learned and how its attempts ended. Addresses it
    // finished are not queued again; the rest are (after any back-off still due).
    void Restore(const std::vector<int64_t>& learned, const std::vector<store::AttemptSummary>& attempts);

    // The next address to dial now, if any.
    std::optional<Dial> Next(SteadyClock::time_point now);
    // Records how a dial ended: queues a retry or marks the address done.
    void Finished(const Dial& dial, store::Outcome outcome, SteadyClock::time_point now);

    std::optional<SteadyClock::time_point> NextRetryAt() const;
    size_t ReadyCount() const { return m_ready_count; }
    size_t WaitingRetryCount() const { return m_retries.size(); }
    bool Exhausted() const { return m_ready_count == 0 && m_retries.empty(); }
    size_t KnownCount() const { return m_entries.size(); }
    int64_t NextId() const { return static_cast<int64_t>(m_entries.size()) + 1; }

    // Dial the living first (issue 15): Bitcoin Core nodes re-announce themselves daily, so an
    // address advertised under a day before the newest entry this crawl has seen is most likely up;
    // one last heard of more than a week before is most likely gone. Fresh and recent addresses
    // are dialed before due retries, stale ones after them. An address without a time (a seed)
    // counts as fresh; one advertised fresher later moves up (if not dialed yet), and the age is
    // measured again when it leaves its queue (the newest time may have grown since). Ahead of
    // them all come the fresh addresses that two peers or more advertised (`vouched`): one peer
    // alone can invent addresses (Core's addrman keeps them apart for that reason, per source
    // group), two that agree rarely do.
    enum class Freshness : uint8_t { vouched, fresh, recent, stale };
    static constexpr uint32_t FRESH_AGE = 86400;
    static constexpr uint32_t RECENT_AGE = 7 * 86400;

private:
    struct Entry {
        wire::Endpoint endpoint;
        bool learned{false};                    // by this crawl
        bool queued{false};                     // waiting in m_ready or m_retries, or being dialed
        uint8_t attempts{0};                    // by this crawl
        bool ready{false};                      // waiting in m_ready
        Freshness freshness{Freshness::fresh};  // the m_ready queue it waits in
        uint32_t newest_time{0};                // of its advertisements; 0: none
        int64_t first_advertiser{0};            // the peer that advertised it first; 0: none yet
        bool vouched{false};                    // a second, different peer advertised it too
        std::optional<uint64_t> advertised_services{};
        bool held_back{false};
        bool send_getaddr{true};
    };
    struct Retry {
        SteadyClock::time_point due;
        int64_t id;
        bool operator>(const Retry& other) const { return due > other.due; }
    };

    Entry& At(int64_t id) { return m_entries[static_cast<size_t>(id - 1)]; }
    auto EndpointOf() const
    {
        return [this](int64_t id) -> const wire::Endpoint& { return m_entries[static_cast<size_t>(id - 1)].endpoint; };
    }
    int64_t Insert(const wire::Endpoint& endpoint, int64_t id);
    void QueueIfDialable(int64_t id, Freshness freshness = Freshness::fresh);
    void PushReady(int64_t id, Freshness freshness);
    Freshness FreshnessOf(const Entry& entry) const;
    // The next waiting id of that queue, skipping the copies left behind by a move up, and moving
    // down the entries that newer ones learned since have made older.
    std::optional<int64_t> PopReady(Freshness freshness);

    DialPolicy m_dial_policy;
    RetryPolicy m_retry_policy;
    std::vector<Entry> m_entries;  // index = id - 1: ids are dense because this class assigns them
    EndpointIndex m_ids;
    // One FIFO per Freshness; an id moved up leaves a copy behind that PopReady skips.
    std::array<std::deque<int64_t>, 4> m_ready;
    size_t m_ready_count{0};
    uint32_t m_newest_time{0};  // of every entry learned
    std::priority_queue<Retry, std::vector<Retry>, std::greater<>> m_retries;
};

}  // namespace crawl
