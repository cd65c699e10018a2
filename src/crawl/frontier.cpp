#include "crawl/frontier.h"

#include <algorithm>
#include <stdexcept>

namespace crawl {

bool DialPolicy::InScope(const wire::NetAddress& address) const
{
    if (!m_scope.empty()) {
        return std::any_of(m_scope.begin(), m_scope.end(),
                           [&](const wire::Cidr& range) { return range.Contains(address); });
    }
    return address.IsRoutable();
}

bool DialPolicy::IsDialable(const wire::NetAddress& address) const
{
    switch (address.GetNetwork()) {
    case wire::Network::ipv4:
    case wire::Network::ipv6: return InScope(address);
    case wire::Network::cjdns: return m_reach.cjdns && address.IsValid() && InScope(address);
    case wire::Network::onion: return m_reach.onion;
    case wire::Network::i2p: return m_reach.i2p;
    case wire::Network::unknown: return false;
    }
    return false;
}

bool IsRetryable(store::Outcome outcome)
{
    return outcome == store::Outcome::connect_timeout || outcome == store::Outcome::handshake_timeout ||
           outcome == store::Outcome::unreachable;
}

Frontier::Frontier(DialPolicy dial_policy, RetryPolicy retry_policy)
    : m_dial_policy{std::move(dial_policy)}, m_retry_policy{retry_policy}
{
}

int64_t Frontier::Insert(const wire::Endpoint& endpoint, int64_t id)
{
    // Ids from the file are dense (this class assigned them); pad any hole left by a foreign edit.
    if (id < NextId()) throw std::logic_error{"Frontier: address id " + std::to_string(id) + " already used"};
    while (NextId() < id)
        m_entries.push_back(Entry{});
    m_entries.push_back(Entry{endpoint});
    m_ids.Insert(endpoint, id, EndpointOf());
    return id;
}

void Frontier::AddKnown(int64_t id, const wire::Endpoint& endpoint)
{
    Insert(endpoint, id);
}

Frontier::Freshness Frontier::FreshnessOf(const Entry& entry) const
{
    const Freshness fresh = entry.vouched ? Freshness::vouched : Freshness::fresh;
    if (entry.newest_time == 0) return fresh;
    const uint32_t age = m_newest_time - entry.newest_time;
    if (age < FRESH_AGE) return fresh;
    return age < RECENT_AGE ? Freshness::recent : Freshness::stale;
}

Frontier::Learned Frontier::Learn(const wire::Endpoint& endpoint, uint32_t entry_time, int64_t advertiser)
{
    Learned learned{0, false, false};
    if (const auto found = m_ids.Find(endpoint, EndpointOf())) {
        learned.id = *found;
    } else {
        learned.id = Insert(endpoint, NextId());
        learned.new_address = true;
    }
    auto& entry = At(learned.id);
    m_newest_time = std::max(m_newest_time, entry_time);
    entry.newest_time = std::max(entry.newest_time, entry_time);
    if (advertiser != 0) {
        if (entry.first_advertiser == 0) entry.first_advertiser = advertiser;
        entry.vouched |= entry.first_advertiser != advertiser;
    }
    const Freshness freshness = FreshnessOf(entry);
    if (!entry.learned) {
        entry.learned = true;
        learned.new_to_crawl = true;
        QueueIfDialable(learned.id, freshness);
    } else if (entry.ready && freshness < entry.freshness) {
        PushReady(learned.id, freshness);  // advertised fresher than when queued
        --m_ready_count;                   // the copy left behind no longer counts
    }
    return learned;
}

void Frontier::QueueIfDialable(int64_t id, Freshness freshness)
{
    auto& entry = At(id);
    if (entry.queued || entry.held_back || entry.attempts > 0 || !m_dial_policy.IsDialable(entry.endpoint.address))
        return;
    entry.queued = true;
    PushReady(id, freshness);
}

void Frontier::PushReady(int64_t id, Freshness freshness)
{
    auto& entry = At(id);
    entry.ready = true;
    entry.freshness = freshness;
    m_ready[size_t(freshness)].push_back(id);
    ++m_ready_count;
}

std::optional<int64_t> Frontier::PopReady(Freshness freshness)
{
    auto& queue = m_ready[size_t(freshness)];
    while (!queue.empty()) {
        const int64_t id = queue.front();
        queue.pop_front();
        auto& entry = At(id);
        if (!entry.ready || entry.freshness != freshness) continue;
        if (const auto now_is = FreshnessOf(entry); now_is > freshness) {
            entry.freshness = now_is;
            m_ready[size_t(now_is)].push_back(id);
            continue;
        }
        entry.ready = false;
        --m_ready_count;
        return id;
    }
    return std::nullopt;
}

void Frontier::Restore(const std::vector<int64_t>& learned, const std::vector<store::AttemptSummary>& attempts)
{
    for (const auto& summary : attempts) {
        auto& entry = At(summary.address_id);
        entry.attempts = static_cast<uint8_t>(std::min(summary.attempts, 255));
        // A connection cut short by the crawl stopping did not finish: it is dialed again.
        const bool unfinished = summary.last_outcome == store::Outcome::cancelled ||
                                (IsRetryable(summary.last_outcome) && summary.attempts <= m_retry_policy.retries);
        if (unfinished && m_dial_policy.IsDialable(entry.endpoint.address)) {
            entry.queued = true;
            PushReady(summary.address_id, Freshness::fresh);
        }
    }
    for (int64_t id : learned) {
        At(id).learned = true;
        QueueIfDialable(id);
    }
}

std::optional<Dial> Frontier::Next(SteadyClock::time_point now)
{
    auto id = PopReady(Freshness::vouched);
    if (!id) id = PopReady(Freshness::fresh);
    if (!id) id = PopReady(Freshness::recent);
    if (!id && !m_retries.empty() && m_retries.top().due <= now) {
        id = m_retries.top().id;
        m_retries.pop();
    }
    if (!id) id = PopReady(Freshness::stale);
    if (!id) return std::nullopt;
    auto& entry = At(*id);
    ++entry.attempts;
    return Dial{*id, entry.endpoint, entry.attempts, entry.advertised_services, entry.send_getaddr};
}

void Frontier::Finished(const Dial& dial, store::Outcome outcome, SteadyClock::time_point now)
{
    auto& entry = At(dial.address_id);
    if (IsRetryable(outcome) && dial.attempt <= m_retry_policy.retries) {
        m_retries.push(Retry{now + m_retry_policy.backoff * dial.attempt, dial.address_id});
        return;
    }
    entry.queued = false;
}

std::optional<SteadyClock::time_point> Frontier::NextRetryAt() const
{
    if (m_retries.empty()) return std::nullopt;
    return m_retries.top().due;
}

}  // namespace crawl
