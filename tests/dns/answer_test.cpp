// The replies of dns::Responder, built and read back with ldns as a resolver would.
#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "dns/answer.h"

namespace {

struct PacketFree {
    void operator()(ldns_pkt* packet) const { ldns_pkt_free(packet); }
};
using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;

dns::ZoneSettings Settings()
{
    return {"seed.example.org", "ns.example.org", "hostmaster.example.org", 60, 25};
}

store::SeedCandidate Node(const std::string& host, uint64_t services)
{
    return {{wire::ParseHost(host), 8333}, services};
}

// 40 IPv4 nodes in 40 netgroups (half with x9, half x1 only), 3 IPv6 nodes in 3 netgroups with x9.
dns::AnswerSet Nodes()
{
    dns::AnswerSet set;
    for (int i = 1; i <= 40; ++i)
        set.nodes.push_back(Node("10." + std::to_string(i) + ".0.1", i % 2 ? 9 : 1));
    for (int i = 1; i <= 3; ++i)
        set.nodes.push_back(Node(fmt::format("2001:db{:x}::1", 7 + i), 9));
    set.serial = 1234;
    return set;
}

std::vector<uint8_t> Wire(const ldns_pkt* packet)
{
    uint8_t* bytes = nullptr;
    size_t size = 0;
    EXPECT_EQ(ldns_pkt2wire(&bytes, packet, &size), LDNS_STATUS_OK);
    std::vector<uint8_t> wire(bytes, bytes + size);
    std::free(bytes);
    return wire;
}

PacketPtr NewQuery(const char* name, ldns_rr_type type, ldns_rr_class qclass = LDNS_RR_CLASS_IN)
{
    ldns_rdf* owner = ldns_dname_new_frm_str(name);
    PacketPtr query{ldns_pkt_query_new(owner, type, qclass, LDNS_RD)};
    ldns_pkt_set_id(query.get(), 4242);
    return query;
}

std::vector<uint8_t> Query(const char* name, ldns_rr_type type, ldns_rr_class qclass = LDNS_RR_CLASS_IN)
{
    return Wire(NewQuery(name, type, qclass).get());
}

class ResponderTest : public ::testing::Test {
protected:
    dns::Reply Ask(const std::vector<uint8_t>& query, dns::Transport transport = dns::Transport::udp)
    {
        return m_responder.Answer(query, transport, m_set, m_random);
    }
    // The reply, parsed; fails the test when there is none.
    PacketPtr Parse(const dns::Reply& reply)
    {
        ldns_pkt* packet = nullptr;
        EXPECT_EQ(ldns_wire2pkt(&packet, reply.wire.data(), reply.wire.size()), LDNS_STATUS_OK);
        return PacketPtr{packet};
    }
    PacketPtr AskAndParse(const char* name, ldns_rr_type type) { return Parse(Ask(Query(name, type))); }

    dns::AnswerSet m_set = Nodes();
    dns::Responder m_responder{Settings()};
    std::mt19937_64 m_random{1};
};

std::set<std::string> AnswerTexts(const ldns_pkt* packet)
{
    std::set<std::string> texts;
    const ldns_rr_list* answer = ldns_pkt_answer(packet);
    for (size_t i = 0; i < ldns_rr_list_rr_count(answer); ++i) {
        char* text = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(answer, i), 0));
        texts.insert(text);
        std::free(text);
    }
    return texts;
}

TEST_F(ResponderTest, AnswersAWithASampleOfIPv4Nodes)
{
    auto reply = AskAndParse("seed.example.org", LDNS_RR_TYPE_A);
    EXPECT_TRUE(ldns_pkt_qr(reply.get()));
    EXPECT_TRUE(ldns_pkt_aa(reply.get()));
    EXPECT_TRUE(ldns_pkt_rd(reply.get()));
    EXPECT_FALSE(ldns_pkt_tc(reply.get()));
    EXPECT_EQ(ldns_pkt_id(reply.get()), 4242);
    EXPECT_EQ(ldns_pkt_get_rcode(reply.get()), LDNS_RCODE_NOERROR);
    EXPECT_EQ(ldns_pkt_qdcount(reply.get()), 1);
    EXPECT_EQ(ldns_pkt_ancount(reply.get()), 25);
    const ldns_rr* first = ldns_rr_list_rr(ldns_pkt_answer(reply.get()), 0);
    EXPECT_EQ(ldns_rr_get_type(first), LDNS_RR_TYPE_A);
    EXPECT_EQ(ldns_rr_ttl(first), 60u);
    for (const auto& text : AnswerTexts(reply.get()))
        EXPECT_TRUE(text.starts_with("10.")) << text;
}

TEST_F(ResponderTest, AnswersAAAAWithIPv6Nodes)
{
    auto reply = AskAndParse("seed.example.org", LDNS_RR_TYPE_AAAA);
    EXPECT_EQ(AnswerTexts(reply.get()), (std::set<std::string>{"2001:db8::1", "2001:db9::1", "2001:dba::1"}));
}

TEST_F(ResponderTest, FlagNamesFilterByServices)
{
    auto reply = AskAndParse("x9.seed.example.org", LDNS_RR_TYPE_A);
    EXPECT_EQ(ldns_pkt_ancount(reply.get()), 20);  // the odd nodes
    for (const auto& text : AnswerTexts(reply.get())) {
        const int second = std::stoi(text.substr(3));
        EXPECT_EQ(second % 2, 1) << text;
    }
    EXPECT_EQ(ldns_pkt_ancount(AskAndParse("X1.Seed.Example.ORG", LDNS_RR_TYPE_A).get()), 25);
}

TEST_F(ResponderTest, AFlagNameWithNoMatchingNodeIsNoDataWithTheSoa)
{
    auto reply = AskAndParse("x49.seed.example.org", LDNS_RR_TYPE_A);
    EXPECT_EQ(ldns_pkt_get_rcode(reply.get()), LDNS_RCODE_NOERROR);
    EXPECT_EQ(ldns_pkt_ancount(reply.get()), 0);
    ASSERT_EQ(ldns_pkt_nscount(reply.get()), 1);
    EXPECT_EQ(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_authority(reply.get()), 0)), LDNS_RR_TYPE_SOA);
}

TEST_F(ResponderTest, ApexHasNsAndSoa)
{
    auto ns = AskAndParse("seed.example.org", LDNS_RR_TYPE_NS);
    EXPECT_EQ(AnswerTexts(ns.get()), std::set<std::string>{"ns.example.org."});
    auto soa = AskAndParse("seed.example.org", LDNS_RR_TYPE_SOA);
    ASSERT_EQ(ldns_pkt_ancount(soa.get()), 1);
    const ldns_rr* record = ldns_rr_list_rr(ldns_pkt_answer(soa.get()), 0);
    EXPECT_EQ(ldns_rr_get_type(record), LDNS_RR_TYPE_SOA);
    EXPECT_EQ(ldns_rdf2native_int32(ldns_rr_rdf(record, 2)), 1234u);  // serial
    char* mbox = ldns_rdf2str(ldns_rr_rdf(record, 1));
    EXPECT_STREQ(mbox, "hostmaster.example.org.");
    std::free(mbox);
    // A flag name is no zone apex.
    EXPECT_EQ(ldns_pkt_ancount(AskAndParse("x9.seed.example.org", LDNS_RR_TYPE_NS).get()), 0);
}

TEST_F(ResponderTest, AnyIsAnsweredLikeA)
{
    auto reply = AskAndParse("seed.example.org", LDNS_RR_TYPE_ANY);
    EXPECT_EQ(ldns_pkt_ancount(reply.get()), 25);
    EXPECT_EQ(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_answer(reply.get()), 0)), LDNS_RR_TYPE_A);
}

TEST_F(ResponderTest, OtherNamesInTheZoneAreNxdomain)
{
    for (const char* name : {"www.seed.example.org", "x3.seed.example.org", "x09.seed.example.org",
                             "a.x9.seed.example.org", "x9z.seed.example.org"}) {
        auto reply = AskAndParse(name, LDNS_RR_TYPE_A);
        EXPECT_EQ(ldns_pkt_get_rcode(reply.get()), LDNS_RCODE_NXDOMAIN) << name;
        EXPECT_TRUE(ldns_pkt_aa(reply.get())) << name;
        EXPECT_EQ(ldns_pkt_nscount(reply.get()), 1) << name;
    }
}

TEST_F(ResponderTest, OtherZonesAndClassesAreRefused)
{
    for (const char* name : {"example.org", "seed.example.com", "org", "xseed.example.org"}) {
        EXPECT_EQ(ldns_pkt_get_rcode(AskAndParse(name, LDNS_RR_TYPE_A).get()), LDNS_RCODE_REFUSED) << name;
    }
    auto chaos = Parse(Ask(Query("seed.example.org", LDNS_RR_TYPE_TXT, LDNS_RR_CLASS_CH)));
    EXPECT_EQ(ldns_pkt_get_rcode(chaos.get()), LDNS_RCODE_REFUSED);
    auto any_class = Parse(Ask(Query("seed.example.org", LDNS_RR_TYPE_A, LDNS_RR_CLASS_ANY)));
    EXPECT_EQ(ldns_pkt_ancount(any_class.get()), 25);
}

TEST_F(ResponderTest, ResponsesAndJunkGetSilence)
{
    auto response = NewQuery("seed.example.org", LDNS_RR_TYPE_A);
    ldns_pkt_set_qr(response.get(), true);
    EXPECT_EQ(Ask(Wire(response.get())).verdict, dns::Verdict::ignored);
    EXPECT_TRUE(Ask(Wire(response.get())).wire.empty());
    const auto query = Query("seed.example.org", LDNS_RR_TYPE_A);
    for (size_t size = 0; size < query.size(); ++size) {
        auto reply = Ask({query.begin(), query.begin() + static_cast<long>(size)});
        EXPECT_TRUE(reply.wire.empty()) << "truncated to " << size;
    }
    std::vector<uint8_t> oversized = query;
    oversized.resize(dns::MAX_QUERY_SIZE + 1);
    EXPECT_TRUE(Ask(oversized).wire.empty());
    // The question's name points at itself: a compression loop.
    std::vector<uint8_t> loop{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
    EXPECT_TRUE(Ask(loop).wire.empty());
}

TEST_F(ResponderTest, OtherOpcodesAreNotImplementedAndQuestionCountsOtherThanOneFormerr)
{
    auto notify = NewQuery("seed.example.org", LDNS_RR_TYPE_SOA);
    ldns_pkt_set_opcode(notify.get(), LDNS_PACKET_NOTIFY);
    EXPECT_EQ(ldns_pkt_get_rcode(Parse(Ask(Wire(notify.get()))).get()), LDNS_RCODE_NOTIMPL);
    PacketPtr empty{ldns_pkt_new()};
    auto reply = Ask(Wire(empty.get()));
    EXPECT_EQ(reply.verdict, dns::Verdict::formerr);
    EXPECT_EQ(ldns_pkt_get_rcode(Parse(reply).get()), LDNS_RCODE_FORMERR);
}

// Names long enough that a SOA does not fit 512 bytes.
dns::ZoneSettings LongNames()
{
    const std::string n(60, 'n');
    const std::string m(60, 'm');
    auto settings = Settings();
    settings.ns = n + "." + n + "." + n + "." + n + ".example";  // different names: no compression
    settings.mbox = m + "." + m + "." + m + "." + m + ".example";
    return settings;
}

TEST(ResponderTruncation, TcOverUdpWhenTheAnswerDoesNotFitTheBuffer)
{
    dns::Responder responder{LongNames()};
    dns::AnswerSet set = Nodes();
    std::mt19937_64 random{1};
    const auto plain = Query("seed.example.org", LDNS_RR_TYPE_SOA);
    auto udp = responder.Answer(plain, dns::Transport::udp, set, random);
    EXPECT_EQ(udp.verdict, dns::Verdict::truncated);
    EXPECT_LE(udp.wire.size(), dns::CLASSIC_UDP_REPLY);
    ldns_pkt* parsed = nullptr;
    ASSERT_EQ(ldns_wire2pkt(&parsed, udp.wire.data(), udp.wire.size()), LDNS_STATUS_OK);
    PacketPtr truncated{parsed};
    EXPECT_TRUE(ldns_pkt_tc(truncated.get()));
    EXPECT_EQ(ldns_pkt_ancount(truncated.get()), 0);

    auto tcp = responder.Answer(plain, dns::Transport::tcp, set, random);
    EXPECT_EQ(tcp.verdict, dns::Verdict::answered);
    EXPECT_GT(tcp.wire.size(), dns::CLASSIC_UDP_REPLY);

    // With an EDNS0 buffer of 1232 the same answer fits in UDP, and the reply carries an OPT.
    auto edns = NewQuery("seed.example.org", LDNS_RR_TYPE_SOA);
    ldns_pkt_set_edns_udp_size(edns.get(), 1232);
    auto big = responder.Answer(Wire(edns.get()), dns::Transport::udp, set, random);
    EXPECT_EQ(big.verdict, dns::Verdict::answered);
    ASSERT_EQ(ldns_wire2pkt(&parsed, big.wire.data(), big.wire.size()), LDNS_STATUS_OK);
    PacketPtr whole{parsed};
    EXPECT_EQ(ldns_pkt_ancount(whole.get()), 1);
    EXPECT_EQ(ldns_pkt_edns_udp_size(whole.get()), dns::MAX_UDP_REPLY);
}

TEST(ResponderTruncation, ManyAaaaRecordsNeedEdnsOrTcp)
{
    dns::AnswerSet set;
    for (int i = 1; i <= 40; ++i)
        set.nodes.push_back(Node(fmt::format("2001:{:x}::1", i), 9));
    dns::Responder responder{Settings()};
    std::mt19937_64 random{1};
    // 25 AAAA records are ~700 bytes: too many for 512, fine for an EDNS0 buffer of 1232.
    EXPECT_EQ(responder.Answer(Query("seed.example.org", LDNS_RR_TYPE_AAAA), dns::Transport::udp, set, random).verdict,
              dns::Verdict::truncated);
    auto edns = NewQuery("seed.example.org", LDNS_RR_TYPE_AAAA);
    ldns_pkt_set_edns_udp_size(edns.get(), 4096);
    auto reply = responder.Answer(Wire(edns.get()), dns::Transport::udp, set, random);
    EXPECT_EQ(reply.verdict, dns::Verdict::answered);
    EXPECT_LE(reply.wire.size(), dns::MAX_UDP_REPLY);
    // A buffer below 512 counts as 512 (RFC 6891 §6.2.5).
    ldns_pkt_set_edns_udp_size(edns.get(), 100);
    EXPECT_EQ(responder.Answer(Wire(edns.get()), dns::Transport::udp, set, random).verdict, dns::Verdict::truncated);
}

TEST(ResponderSettings, RefusesNamesThatAreNotDomainNames)
{
    auto settings = Settings();
    settings.zone = "";
    EXPECT_THROW(dns::Responder{settings}, std::invalid_argument);
    settings = Settings();
    settings.ns = "a..b";
    EXPECT_THROW(dns::Responder{settings}, std::invalid_argument);
    settings = Settings();
    settings.zone = ".";
    EXPECT_THROW(dns::Responder{settings}, std::invalid_argument);
}

}  // namespace
