#pragma once
// Why this file exists: Frontier::Learn looks up every advertised entry by its endpoint (20 million
// lookups in the standard benchmark, into ~45,000 addresses). std::unordered_map spent a quarter of
// the crawl's main thread there (perf, docs/benchmarks.md): a heap node per probe, and keys hashed
// again along every chain it walks. This index is an open-addressing table of 8-byte slots (a hash
// tag and an id), at most half full, while the endpoints stay where the frontier keeps them: a
// lookup reads one run of adjacent slots and compares one endpoint.
#include <bit>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "wire/address.h"

namespace crawl {

class EndpointIndex {
public:
    // `endpoint_of(id)`: the endpoint stored under an id given to Insert.
    template <class EndpointOf>
    std::optional<int64_t> Find(const wire::Endpoint& endpoint, const EndpointOf& endpoint_of) const
    {
        if (m_slots.empty()) return std::nullopt;
        const uint64_t hash = Mix(endpoint);
        for (size_t at = Home(hash);; at = (at + 1) & Mask()) {
            const Slot& slot = m_slots[at];
            if (slot.id == 0) return std::nullopt;
            if (slot.tag == Tag(hash) && endpoint_of(slot.id) == endpoint) return slot.id;
        }
    }

    // Adds an endpoint not in the index yet under `id` (1 to 2^32 - 1).
    template <class EndpointOf>
    void Insert(const wire::Endpoint& endpoint, int64_t id, const EndpointOf& endpoint_of)
    {
        if (id <= 0 || id > int64_t{UINT32_MAX}) throw std::length_error{"EndpointIndex: id out of range"};
        if ((m_count + 1) * 2 > m_slots.size()) Grow(endpoint_of);
        Place(Mix(endpoint), static_cast<uint32_t>(id));
        ++m_count;
    }

    size_t Count() const { return m_count; }

private:
    struct Slot {
        uint32_t tag{0};
        uint32_t id{0};  // 0: empty
    };

    // EndpointHash spreads its bits unevenly for a power-of-two table: Fibonacci hashing evens it.
    static uint64_t Mix(const wire::Endpoint& endpoint)
    {
        return static_cast<uint64_t>(wire::EndpointHash{}(endpoint)) * 0x9e3779b97f4a7c15ULL;
    }
    static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash); }
    size_t Home(uint64_t hash) const { return static_cast<size_t>(hash >> m_shift); }
    size_t Mask() const { return m_slots.size() - 1; }

    void Place(uint64_t hash, uint32_t id)
    {
        size_t at = Home(hash);
        while (m_slots[at].id != 0)
            at = (at + 1) & Mask();
        m_slots[at] = Slot{Tag(hash), id};
    }

    template <class EndpointOf>
    void Grow(const EndpointOf& endpoint_of)
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        m_shift = 64 - std::countr_zero(m_slots.size());
        for (const Slot& slot : old) {
            if (slot.id != 0) Place(Mix(endpoint_of(slot.id)), slot.id);
        }
    }

    std::vector<Slot> m_slots;  // a power of two in size
    int m_shift{64};            // the home slot is the top log2(size) bits of the mixed hash
    size_t m_count{0};
};

}  // namespace crawl
