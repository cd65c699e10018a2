// Why this file exists: two wrong ElligatorSwift or cipher implementations can agree with each
// other; BIP324's published vectors (tests/wire/data/bip324/, see its README) pin the real ones.
// Every row of every file is asserted, every output column of it exactly.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "wire/bip324_cipher.h"
#include "wire/ellswift.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::Hex;

const Magic MAINNET{0xf9, 0xbe, 0xb4, 0xd9};

// The rows of a CSV file with a header line, as maps from column name to text.
std::vector<std::map<std::string, std::string>> ReadCsv(const std::string& name)
{
    std::ifstream file{std::string{BIP324_DATA_DIR} + "/" + name};
    if (!file) throw std::runtime_error{"cannot open " + name};
    auto split = [](const std::string& line) {
        std::vector<std::string> fields;
        std::stringstream stream{line};
        std::string field;
        while (std::getline(stream, field, ','))
            fields.push_back(field);
        if (!line.empty() && line.back() == ',') fields.emplace_back();
        return fields;
    };
    std::string line;
    std::getline(file, line);
    const auto header = split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(file, line)) {
        const auto fields = split(line);
        if (fields.size() != header.size()) throw std::runtime_error{name + ": row with a wrong field count"};
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size(); ++i)
            row[header[i]] = fields[i];
        rows.push_back(std::move(row));
    }
    return rows;
}

template <size_t N>
std::array<uint8_t, N> HexArray(const std::string& hex)
{
    const Bytes bytes = Hex(hex);
    if (bytes.size() != N) throw std::runtime_error{"expected " + std::to_string(N) + " bytes: " + hex};
    std::array<uint8_t, N> out;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

TEST(Bip324Vectors, EllSwiftDecodeEveryRow)
{
    const auto rows = ReadCsv("ellswift_decode_test_vectors.csv");
    ASSERT_EQ(rows.size(), 76u);
    for (const auto& row : rows) {
        const auto encoding = HexArray<ELLSWIFT_SIZE>(row.at("ellswift"));
        EXPECT_EQ(HexStr(EllSwiftDecode(encoding)), row.at("x")) << row.at("ellswift") << " " << row.at("comment");
    }
}

TEST(Bip324Vectors, XSwiftECInvEveryRowAndCase)
{
    const auto rows = ReadCsv("xswiftec_inv_test_vectors.csv");
    ASSERT_EQ(rows.size(), 32u);
    for (const auto& row : rows) {
        const auto u = HexArray<FIELD_SIZE>(row.at("u"));
        const auto x = HexArray<FIELD_SIZE>(row.at("x"));
        for (int which_case = 0; which_case < 8; ++which_case) {
            const std::string& expected = row.at("case" + std::to_string(which_case) + "_t");
            const auto t = XSwiftECInv(u, x, which_case);
            EXPECT_EQ(t ? HexStr(*t) : "", expected) << "u=" << row.at("u") << " case " << which_case;
            // The forward map takes every inverse back to x.
            if (t) {
                EXPECT_EQ(XSwiftEC(u, *t), x) << "u=" << row.at("u") << " case " << which_case;
            }
        }
    }
}

// One row of packet_encoding_test_vectors.csv: the keys and secrets derived from "ours" and
// "theirs", then packet number in_idx sent by us.
void CheckPacketRow(const std::map<std::string, std::string>& row)
{
    const auto priv = HexArray<32>(row.at("in_priv_ours"));
    const auto ours = HexArray<ELLSWIFT_SIZE>(row.at("in_ellswift_ours"));
    const auto theirs = HexArray<ELLSWIFT_SIZE>(row.at("in_ellswift_theirs"));
    const bool initiating = row.at("in_initiating") == "1";

    EXPECT_EQ(HexStr(PublicKeyX(priv)), row.at("mid_x_ours"));
    EXPECT_EQ(HexStr(EllSwiftDecode(ours)), row.at("mid_x_ours"));
    EXPECT_EQ(HexStr(EllSwiftEcdhX(priv, theirs)), row.at("mid_x_shared"));
    const SharedSecret secret = Bip324SharedSecret(priv, ours, theirs, initiating);
    EXPECT_EQ(HexStr(secret), row.at("mid_shared_secret"));
    const SessionKeys keys = DeriveSessionKeys(secret, MAINNET);
    EXPECT_EQ(HexStr(keys.initiator_l), row.at("mid_initiator_l"));
    EXPECT_EQ(HexStr(keys.initiator_p), row.at("mid_initiator_p"));
    EXPECT_EQ(HexStr(keys.responder_l), row.at("mid_responder_l"));
    EXPECT_EQ(HexStr(keys.responder_p), row.at("mid_responder_p"));
    EXPECT_EQ(HexStr(keys.session_id), row.at("mid_session_id"));

    Bip324Cipher cipher{priv, ours};
    cipher.Initialize(theirs, initiating, MAINNET);
    EXPECT_EQ(HexStr(cipher.SendGarbageTerminator()), row.at("mid_send_garbage_terminator"));
    EXPECT_EQ(HexStr(cipher.ReceiveGarbageTerminator()), row.at("mid_recv_garbage_terminator"));
    EXPECT_EQ(cipher.GetSessionId(), keys.session_id);

    // The receiving side of our packets, built from the keys we send with.
    FSChaCha20 receive_l{initiating ? keys.initiator_l : keys.responder_l};
    FSChaCha20Poly1305 receive_p{initiating ? keys.initiator_p : keys.responder_p};
    const uint32_t index = static_cast<uint32_t>(std::stoul(row.at("in_idx")));
    for (uint32_t i = 0; i < index; ++i) {
        Bytes skipped;
        cipher.Encrypt({}, {}, true, skipped);
        std::array<uint8_t, LENGTH_LEN> length{};
        receive_l.Crypt(length);
        std::array<uint8_t, HEADER_LEN + TAG_LEN> packet{};
        receive_p.Encrypt({}, packet);  // advances the counter as a decryption would
    }
    const Bytes unit = Hex(row.at("in_content"));
    Bytes contents;
    for (unsigned long i = 0; i < std::stoul(row.at("in_multiply")); ++i)
        contents.insert(contents.end(), unit.begin(), unit.end());
    const Bytes aad = Hex(row.at("in_aad"));
    const bool ignore = row.at("in_ignore") == "1";
    Bytes ciphertext;
    cipher.Encrypt(contents, aad, ignore, ciphertext);
    const std::string hex = HexStr(ciphertext);
    if (!row.at("out_ciphertext").empty()) {
        EXPECT_EQ(hex, row.at("out_ciphertext"));
    } else {
        const std::string& tail = row.at("out_ciphertext_endswith");
        ASSERT_GE(hex.size(), tail.size());
        EXPECT_EQ(hex.substr(hex.size() - tail.size()), tail);
    }

    std::array<uint8_t, LENGTH_LEN> length;
    std::copy_n(ciphertext.begin(), LENGTH_LEN, length.begin());
    receive_l.Crypt(length);
    EXPECT_EQ(length[0] | (length[1] << 8) | (length[2] << 16), static_cast<int>(contents.size()));
    std::span<uint8_t> packet{ciphertext.data() + LENGTH_LEN, ciphertext.size() - LENGTH_LEN};
    ASSERT_TRUE(receive_p.Decrypt(aad, packet));
    EXPECT_EQ(packet[0], ignore ? IGNORE_BIT : 0);
    EXPECT_TRUE(std::equal(contents.begin(), contents.end(), packet.begin() + HEADER_LEN));
}

TEST(Bip324Vectors, PacketEncodingEveryRow)
{
    const auto rows = ReadCsv("packet_encoding_test_vectors.csv");
    ASSERT_EQ(rows.size(), 7u);
    for (const auto& row : rows) {
        SCOPED_TRACE("in_idx " + row.at("in_idx"));
        CheckPacketRow(row);
    }
}

}  // namespace
}  // namespace wire
