// Why this file exists: dns::Responder (answer.h) — the decisions of the seed, on ldns packets.
#include "dns/answer.h"

#include <fmt/format.h>
#include <ldns/ldns.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "dns/flags.h"
#include "dns/select.h"

namespace dns {
namespace {

struct PacketFree {
    void operator()(ldns_pkt* packet) const { ldns_pkt_free(packet); }
};
struct RdfFree {
    void operator()(ldns_rdf* rdf) const { ldns_rdf_deep_free(rdf); }
};
struct RrFree {
    void operator()(ldns_rr* rr) const { ldns_rr_free(rr); }
};
using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;
using RdfPtr = std::unique_ptr<ldns_rdf, RdfFree>;
using RrPtr = std::unique_ptr<ldns_rr, RrFree>;

// SOA timers (RFC 1912 §2.2): no secondary ever transfers this zone, so they only need to be sane.
constexpr uint32_t SOA_REFRESH = 3600;
constexpr uint32_t SOA_RETRY = 600;
constexpr uint32_t SOA_EXPIRE = 86400;
constexpr uint8_t EDNS_BADVERS_HIGH_BITS = 1;  // RCODE 16 (RFC 6891 §6.1.3) = 1 << 4

RdfPtr ParseName(const std::string& text, std::string_view what)
{
    RdfPtr name{text.empty() ? nullptr : ldns_dname_new_frm_str(text.c_str())};
    if (!name || ldns_dname_label_count(name.get()) == 0) {
        throw std::invalid_argument(fmt::format("{} '{}' is not a domain name", what, text));
    }
    ldns_dname2canonical(name.get());
    return name;
}

std::string LabelText(const ldns_rdf* name, uint8_t position)
{
    RdfPtr label{ldns_dname_label(name, position)};
    if (!label) return {};
    char* text = ldns_rdf2str(label.get());
    std::string result = text ? text : "";
    std::free(text);
    if (result.ends_with('.')) result.pop_back();
    return result;
}

// What the question's name is to us.
enum class NameKind { outside, apex, flags, absent };
struct NameMatch {
    NameKind kind;
    uint64_t services{0};  // the bits a flag name requires
};

// The records and codes of one reply, before it is written.
struct Decision {
    Verdict verdict;
    uint8_t rcode{LDNS_RCODE_NOERROR};
    bool authoritative{true};
    std::vector<RrPtr> answer;
    bool soa_in_authority{false};
};

Decision Refusal(Verdict verdict, uint8_t rcode)
{
    return {verdict, rcode, false, {}, false};
}

RrPtr NewRecord(const ldns_rdf* owner, ldns_rr_type type, uint32_t ttl)
{
    RrPtr rr{ldns_rr_new()};
    ldns_rr_set_owner(rr.get(), ldns_rdf_clone(owner));
    ldns_rr_set_type(rr.get(), type);
    ldns_rr_set_class(rr.get(), LDNS_RR_CLASS_IN);
    ldns_rr_set_ttl(rr.get(), ttl);
    return rr;
}

}  // namespace

std::string_view VerdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::answered: return "answered";
    case Verdict::truncated: return "truncated";
    case Verdict::nxdomain: return "nxdomain";
    case Verdict::refused: return "refused";
    case Verdict::formerr: return "formerr";
    case Verdict::notimp: return "notimp";
    case Verdict::ignored: return "ignored";
    }
    return "?";
}

struct ZoneNames {
    RdfPtr zone;
    RdfPtr ns;
    RdfPtr mbox;

    NameMatch Match(const ldns_rdf* name) const
    {
        if (ldns_dname_compare(name, zone.get()) == 0) return {NameKind::apex};
        if (!ldns_dname_is_subdomain(name, zone.get())) return {NameKind::outside};
        if (ldns_dname_label_count(name) != ldns_dname_label_count(zone.get()) + 1) return {NameKind::absent};
        const auto services = ParseFlagLabel(LabelText(name, 0));
        if (!services) return {NameKind::absent};
        return {NameKind::flags, *services};
    }

    RrPtr Soa(uint32_t serial, uint32_t minimum) const
    {
        RrPtr rr = NewRecord(zone.get(), LDNS_RR_TYPE_SOA, ZONE_RECORD_TTL);
        ldns_rr_push_rdf(rr.get(), ldns_rdf_clone(ns.get()));
        ldns_rr_push_rdf(rr.get(), ldns_rdf_clone(mbox.get()));
        ldns_rr_push_rdf(rr.get(), ldns_native2rdf_int32(LDNS_RDF_TYPE_INT32, serial));
        for (uint32_t period : {SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, minimum}) {
            ldns_rr_push_rdf(rr.get(), ldns_native2rdf_int32(LDNS_RDF_TYPE_PERIOD, period));
        }
        return rr;
    }

    RrPtr Ns() const
    {
        RrPtr rr = NewRecord(zone.get(), LDNS_RR_TYPE_NS, ZONE_RECORD_TTL);
        ldns_rr_push_rdf(rr.get(), ldns_rdf_clone(ns.get()));
        return rr;
    }
};

namespace {

std::vector<RrPtr> AddressRecords(const ldns_rdf* owner, ldns_rr_type type, uint64_t services, const AnswerSet& set,
                                  const ZoneSettings& settings, std::mt19937_64& random)
{
    const bool v4 = type == LDNS_RR_TYPE_A;
    const auto addresses =
        SampleAddresses(set.nodes, v4 ? wire::Network::ipv4 : wire::Network::ipv6, services, settings.answers, random);
    std::vector<RrPtr> records;
    for (const auto& address : addresses) {
        RrPtr rr = NewRecord(owner, type, settings.ttl);
        const wire::ByteSpan raw = address.Raw();
        ldns_rr_push_rdf(rr.get(),
                         ldns_rdf_new_frm_data(v4 ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, raw.size(), raw.data()));
        records.push_back(std::move(rr));
    }
    return records;
}

// The answer records for a name that exists (the apex or a flag name); empty means NODATA.
std::vector<RrPtr> RecordsOf(const ldns_rdf* owner, ldns_rr_type type, const NameMatch& match, const ZoneNames& names,
                             const AnswerSet& set, const ZoneSettings& settings, std::mt19937_64& random)
{
    std::vector<RrPtr> records;
    switch (type) {
    case LDNS_RR_TYPE_ANY:  // RFC 8482: one RRset; the one a seed is for
    case LDNS_RR_TYPE_A: return AddressRecords(owner, LDNS_RR_TYPE_A, match.services, set, settings, random);
    case LDNS_RR_TYPE_AAAA: return AddressRecords(owner, LDNS_RR_TYPE_AAAA, match.services, set, settings, random);
    case LDNS_RR_TYPE_NS:
        if (match.kind == NameKind::apex) records.push_back(names.Ns());
        return records;
    case LDNS_RR_TYPE_SOA:
        if (match.kind == NameKind::apex) records.push_back(names.Soa(set.serial, settings.ttl));
        return records;
    default: return records;
    }
}

Decision Decide(const ldns_pkt& request, const ZoneNames& names, const AnswerSet& set, const ZoneSettings& settings,
                std::mt19937_64& random)
{
    if (ldns_pkt_get_opcode(&request) != LDNS_PACKET_QUERY) return Refusal(Verdict::notimp, LDNS_RCODE_NOTIMPL);
    if (ldns_pkt_qdcount(&request) != 1) return Refusal(Verdict::formerr, LDNS_RCODE_FORMERR);
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(&request), 0);
    const ldns_rr_class qclass = ldns_rr_get_class(question);
    if (qclass != LDNS_RR_CLASS_IN && qclass != LDNS_RR_CLASS_ANY) return Refusal(Verdict::refused, LDNS_RCODE_REFUSED);
    RdfPtr name{ldns_rdf_clone(ldns_rr_owner(question))};
    ldns_dname2canonical(name.get());
    const NameMatch match = names.Match(name.get());
    switch (match.kind) {
    case NameKind::outside: return Refusal(Verdict::refused, LDNS_RCODE_REFUSED);
    case NameKind::absent: return {Verdict::nxdomain, LDNS_RCODE_NXDOMAIN, true, {}, true};
    case NameKind::apex:
    case NameKind::flags: break;
    }
    // Records are owned by the name as asked (its case kept, RFC 4343 §4).
    auto records = RecordsOf(ldns_rr_owner(question), ldns_rr_get_type(question), match, names, set, settings, random);
    const bool nodata = records.empty();
    return {Verdict::answered, LDNS_RCODE_NOERROR, true, std::move(records), nodata};
}

uint16_t ReplyLimit(const ldns_pkt& request, Transport transport)
{
    if (transport == Transport::tcp) return UINT16_MAX;
    if (!ldns_pkt_edns(&request)) return CLASSIC_UDP_REPLY;
    return std::clamp(ldns_pkt_edns_udp_size(&request), CLASSIC_UDP_REPLY, MAX_UDP_REPLY);
}

std::vector<uint8_t> Write(const ldns_pkt& request, const Decision& decision, const ZoneNames& names,
                           const AnswerSet& set, const ZoneSettings& settings, bool truncated)
{
    PacketPtr reply{ldns_pkt_new()};
    ldns_pkt* packet = reply.get();
    ldns_pkt_set_id(packet, ldns_pkt_id(&request));
    ldns_pkt_set_qr(packet, true);
    ldns_pkt_set_opcode(packet, ldns_pkt_get_opcode(&request));
    ldns_pkt_set_rd(packet, ldns_pkt_rd(&request));
    ldns_pkt_set_cd(packet, ldns_pkt_cd(&request));
    ldns_pkt_set_aa(packet, decision.authoritative);
    ldns_pkt_set_tc(packet, truncated);
    ldns_pkt_set_rcode(packet, decision.rcode);
    if (ldns_pkt_qdcount(&request) == 1) {
        ldns_pkt_push_rr(packet, LDNS_SECTION_QUESTION, ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(&request), 0)));
    }
    if (!truncated) {
        for (const auto& rr : decision.answer)
            ldns_pkt_push_rr(packet, LDNS_SECTION_ANSWER, ldns_rr_clone(rr.get()));
        if (decision.soa_in_authority) {
            ldns_pkt_push_rr(packet, LDNS_SECTION_AUTHORITY, names.Soa(set.serial, settings.ttl).release());
        }
    }
    if (ldns_pkt_edns(&request)) {
        ldns_pkt_set_edns_udp_size(packet, MAX_UDP_REPLY);
        if (ldns_pkt_edns_version(&request) != 0) {
            ldns_pkt_set_edns_extended_rcode(packet, EDNS_BADVERS_HIGH_BITS);
            ldns_pkt_set_rcode(packet, LDNS_RCODE_NOERROR);
        }
    }
    uint8_t* bytes = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&bytes, packet, &size) != LDNS_STATUS_OK) return {};
    std::vector<uint8_t> wire(bytes, bytes + size);
    std::free(bytes);
    return wire;
}

}  // namespace

Responder::Responder(const ZoneSettings& settings)
    : m_settings{settings}, m_names{std::make_unique<ZoneNames>(ZoneNames{ParseName(settings.zone, "--zone"),
                                                                          ParseName(settings.ns, "--ns"),
                                                                          ParseName(settings.mbox, "--mbox")})}
{
}

Responder::~Responder() = default;

Reply Responder::Answer(std::span<const uint8_t> query, Transport transport, const AnswerSet& set,
                        std::mt19937_64& random) const
{
    ldns_pkt* parsed = nullptr;
    if (query.size() > MAX_QUERY_SIZE || ldns_wire2pkt(&parsed, query.data(), query.size()) != LDNS_STATUS_OK) {
        return {{}, Verdict::ignored};
    }
    PacketPtr request{parsed};
    if (ldns_pkt_qr(request.get())) return {{}, Verdict::ignored};
    const Decision decision = Decide(*request, *m_names, set, m_settings, random);
    auto wire = Write(*request, decision, *m_names, set, m_settings, false);
    if (wire.size() <= ReplyLimit(*request, transport)) return {std::move(wire), decision.verdict};
    return {Write(*request, decision, *m_names, set, m_settings, true), Verdict::truncated};
}

}  // namespace dns
