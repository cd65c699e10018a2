// Why this file exists: BIP324's key schedule and rekeying ciphers on OpenSSL's ChaCha20,
// ChaCha20-Poly1305, HKDF and SHA-256, following the BIP's reference code (bip-0324/reference.py:
// FSChaCha20, FSChaCha20Poly1305, v2_ecdh, initialize_v2_transport, v2_enc_packet).
#include "wire/bip324_cipher.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wire {

namespace {

constexpr std::string_view ECDH_TAG = "bip324_ellswift_xonly_ecdh";
constexpr std::string_view SALT_PREFIX = "bitcoin_v2_shared_secret";
constexpr size_t CHACHA20_IV_LEN = 16;  // OpenSSL's "ChaCha20": 32-bit LE block counter | 96-bit nonce
constexpr size_t AEAD_NONCE_LEN = 12;
constexpr size_t MAX_CONTENTS_LEN = (size_t{1} << (8 * LENGTH_LEN)) - 1;

void Check(int result, const char* what)
{
    if (result != 1) throw std::runtime_error{std::string{"OpenSSL "} + what + " failed"};
}

CipherCtx NewCipherCtx()
{
    CipherCtx ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) throw std::runtime_error{"OpenSSL EVP_CIPHER_CTX_new failed"};
    return ctx;
}

void PutLE32(uint8_t* out, uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        out[i] = static_cast<uint8_t>(value >> (8 * i));
}

void PutLE64(uint8_t* out, uint64_t value)
{
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<uint8_t>(value >> (8 * i));
}

// OpenSSL's ChaCha20 IV for block `counter` of nonce (nonce_prefix | rekey_counter).
std::array<uint8_t, CHACHA20_IV_LEN> ChaCha20Iv(uint32_t counter, uint32_t nonce_prefix, uint64_t rekey_counter)
{
    std::array<uint8_t, CHACHA20_IV_LEN> iv;
    PutLE32(iv.data(), counter);
    PutLE32(iv.data() + 4, nonce_prefix);
    PutLE64(iv.data() + 8, rekey_counter);
    return iv;
}

// Raw ChaCha20 over `data` in place, continuing the stream `ctx` was started with.
void ChaCha20Update(EVP_CIPHER_CTX* ctx, std::span<uint8_t> data)
{
    int written = 0;
    Check(EVP_EncryptUpdate(ctx, data.data(), &written, data.data(), static_cast<int>(data.size())),
          "EVP_EncryptUpdate(ChaCha20)");
}

void ChaCha20Start(EVP_CIPHER_CTX* ctx, const CipherKey& key, const std::array<uint8_t, CHACHA20_IV_LEN>& iv)
{
    Check(EVP_EncryptInit_ex(ctx, EVP_chacha20(), nullptr, key.data(), iv.data()), "EVP_EncryptInit_ex(ChaCha20)");
}

std::array<uint8_t, 32> Sha256Of(std::initializer_list<ByteSpan> parts)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    if (!ctx) throw std::runtime_error{"OpenSSL EVP_MD_CTX_new failed"};
    Check(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
    for (ByteSpan part : parts)
        Check(EVP_DigestUpdate(ctx.get(), part.data(), part.size()), "EVP_DigestUpdate");
    std::array<uint8_t, 32> digest;
    Check(EVP_DigestFinal_ex(ctx.get(), digest.data(), nullptr), "EVP_DigestFinal_ex");
    return digest;
}

ByteSpan AsBytes(std::string_view text)
{
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

template <size_t N>
std::array<uint8_t, N> Hkdf(ByteSpan ikm, ByteSpan salt, std::string_view info)
{
    struct KdfFree {
        void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
        void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
    };
    const std::unique_ptr<EVP_KDF, KdfFree> kdf{EVP_KDF_fetch(nullptr, "HKDF", nullptr)};
    if (!kdf) throw std::runtime_error{"OpenSSL has no HKDF"};
    const std::unique_ptr<EVP_KDF_CTX, KdfFree> ctx{EVP_KDF_CTX_new(kdf.get())};
    if (!ctx) throw std::runtime_error{"OpenSSL EVP_KDF_CTX_new failed"};
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<uint8_t*>(ikm.data()), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(salt.data()), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
        OSSL_PARAM_construct_end(),
    };
    std::array<uint8_t, N> out;
    Check(EVP_KDF_derive(ctx.get(), out.data(), out.size(), params), "EVP_KDF_derive(HKDF)");
    return out;
}

}  // namespace

void CipherCtxFree::operator()(EVP_CIPHER_CTX* ctx) const
{
    EVP_CIPHER_CTX_free(ctx);
}

SharedSecret Bip324SharedSecret(const PrivateKey& ours_private, const EllSwiftPubKey& ours,
                                const EllSwiftPubKey& theirs, bool initiating)
{
    const FieldBytes x = EllSwiftEcdhX(ours_private, theirs);
    const auto tag_hash = Sha256Of({AsBytes(ECDH_TAG)});
    const EllSwiftPubKey& first = initiating ? ours : theirs;
    const EllSwiftPubKey& second = initiating ? theirs : ours;
    return Sha256Of({tag_hash, tag_hash, first, second, x});
}

SessionKeys DeriveSessionKeys(const SharedSecret& secret, const Magic& magic)
{
    Bytes salt(SALT_PREFIX.begin(), SALT_PREFIX.end());
    salt.insert(salt.end(), magic.begin(), magic.end());
    SessionKeys keys;
    keys.initiator_l = Hkdf<32>(secret, salt, "initiator_L");
    keys.initiator_p = Hkdf<32>(secret, salt, "initiator_P");
    keys.responder_l = Hkdf<32>(secret, salt, "responder_L");
    keys.responder_p = Hkdf<32>(secret, salt, "responder_P");
    const auto terminators = Hkdf<2 * GARBAGE_TERMINATOR_LEN>(secret, salt, "garbage_terminators");
    std::copy_n(terminators.begin(), GARBAGE_TERMINATOR_LEN, keys.initiator_garbage_terminator.begin());
    std::copy_n(terminators.begin() + GARBAGE_TERMINATOR_LEN, GARBAGE_TERMINATOR_LEN,
                keys.responder_garbage_terminator.begin());
    keys.session_id = Hkdf<SESSION_ID_LEN>(secret, salt, "session_id");
    return keys;
}

FSChaCha20::FSChaCha20(const CipherKey& key) : m_key{key}, m_ctx{NewCipherCtx()}
{
    Start();
}

void FSChaCha20::Start()
{
    ChaCha20Start(m_ctx.get(), m_key, ChaCha20Iv(0, 0, m_rekey_counter));
}

void FSChaCha20::Crypt(std::span<uint8_t> chunk)
{
    ChaCha20Update(m_ctx.get(), chunk);
    if (++m_chunk_counter < REKEY_INTERVAL) return;
    // The next 32 keystream bytes become the key (they fill the 11th block exactly: 224*3 + 32).
    CipherKey next{};
    ChaCha20Update(m_ctx.get(), next);
    m_key = next;
    m_chunk_counter = 0;
    ++m_rekey_counter;
    Start();
}

FSChaCha20Poly1305::FSChaCha20Poly1305(const CipherKey& key) : m_key{key}, m_ctx{NewCipherCtx()} {}

void FSChaCha20Poly1305::Encrypt(ByteSpan aad, std::span<uint8_t> text_and_tag)
{
    Crypt(aad, text_and_tag, true);
}

bool FSChaCha20Poly1305::Decrypt(ByteSpan aad, std::span<uint8_t> text_and_tag)
{
    return Crypt(aad, text_and_tag, false);
}

bool FSChaCha20Poly1305::Crypt(ByteSpan aad, std::span<uint8_t> text_and_tag, bool encrypt)
{
    if (text_and_tag.size() < TAG_LEN) throw std::invalid_argument{"FSChaCha20Poly1305: message shorter than its tag"};
    std::array<uint8_t, AEAD_NONCE_LEN> nonce;
    PutLE32(nonce.data(), static_cast<uint32_t>(m_packet_counter % REKEY_INTERVAL));
    PutLE64(nonce.data() + 4, m_packet_counter / REKEY_INTERVAL);
    const std::span<uint8_t> text = text_and_tag.first(text_and_tag.size() - TAG_LEN);
    const std::span<uint8_t> tag = text_and_tag.last(TAG_LEN);

    EVP_CIPHER_CTX* ctx = m_ctx.get();
    Check(EVP_CipherInit_ex(ctx, EVP_chacha20_poly1305(), nullptr, m_key.data(), nonce.data(), encrypt ? 1 : 0),
          "EVP_CipherInit_ex(ChaCha20-Poly1305)");
    int written = 0;
    if (!aad.empty()) {
        Check(EVP_CipherUpdate(ctx, nullptr, &written, aad.data(), static_cast<int>(aad.size())),
              "EVP_CipherUpdate(aad)");
    }
    if (!encrypt) {
        Check(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag.data()), "EVP_CTRL_AEAD_SET_TAG");
    }
    if (!text.empty()) {
        Check(EVP_CipherUpdate(ctx, text.data(), &written, text.data(), static_cast<int>(text.size())),
              "EVP_CipherUpdate");
    }
    const bool verified = EVP_CipherFinal_ex(ctx, nullptr, &written) == 1;
    if (encrypt) {
        if (!verified) throw std::runtime_error{"OpenSSL EVP_CipherFinal_ex(ChaCha20-Poly1305) failed"};
        Check(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, tag.data()), "EVP_CTRL_AEAD_GET_TAG");
    }
    NextMessage();
    return verified;
}

void FSChaCha20Poly1305::NextMessage()
{
    if ((m_packet_counter + 1) % REKEY_INTERVAL == 0) {
        // The new key is block 1 of nonce (0xffffffff | rekey counter) under the old key.
        CipherKey next{};
        CipherCtx ctx = NewCipherCtx();
        ChaCha20Start(ctx.get(), m_key, ChaCha20Iv(1, 0xffffffff, m_packet_counter / REKEY_INTERVAL));
        ChaCha20Update(ctx.get(), next);
        m_key = next;
    }
    ++m_packet_counter;
}

Bip324Cipher::Bip324Cipher() : m_private_key{GeneratePrivateKey()}, m_our_pubkey{EllSwiftCreate(m_private_key)} {}

Bip324Cipher::Bip324Cipher(const PrivateKey& key, const EllSwiftPubKey& encoding)
    : m_private_key{key}, m_our_pubkey{encoding}
{
}

void Bip324Cipher::Initialize(const EllSwiftPubKey& theirs, bool initiator, const Magic& magic)
{
    if (m_keys) throw std::logic_error{"Bip324Cipher::Initialize called twice"};
    m_keys = DeriveSessionKeys(Bip324SharedSecret(m_private_key, m_our_pubkey, theirs, initiator), magic);
    const SessionKeys& keys = *m_keys;
    m_send_terminator = initiator ? keys.initiator_garbage_terminator : keys.responder_garbage_terminator;
    m_receive_terminator = initiator ? keys.responder_garbage_terminator : keys.initiator_garbage_terminator;
    m_send_l.emplace(initiator ? keys.initiator_l : keys.responder_l);
    m_send_p.emplace(initiator ? keys.initiator_p : keys.responder_p);
    m_receive_l.emplace(initiator ? keys.responder_l : keys.initiator_l);
    m_receive_p.emplace(initiator ? keys.responder_p : keys.initiator_p);
}

void Bip324Cipher::Encrypt(ByteSpan contents, ByteSpan aad, bool ignore, Bytes& out)
{
    if (contents.size() > MAX_CONTENTS_LEN) {
        throw std::invalid_argument{"BIP324 packet contents of " + std::to_string(contents.size()) + " bytes > " +
                                    std::to_string(MAX_CONTENTS_LEN)};
    }
    const size_t start = out.size();
    out.resize(start + PACKET_EXPANSION + contents.size());
    uint8_t* packet = out.data() + start;
    for (size_t i = 0; i < LENGTH_LEN; ++i)
        packet[i] = static_cast<uint8_t>(contents.size() >> (8 * i));
    packet[LENGTH_LEN] = ignore ? IGNORE_BIT : 0;
    std::copy(contents.begin(), contents.end(), packet + LENGTH_LEN + HEADER_LEN);
    // The reference encrypts the packet before the length; the two ciphers are independent.
    m_send_p->Encrypt(aad, {packet + LENGTH_LEN, HEADER_LEN + contents.size() + TAG_LEN});
    m_send_l->Crypt({packet, LENGTH_LEN});
}

uint32_t Bip324Cipher::DecryptLength(std::span<const uint8_t, LENGTH_LEN> encrypted_length)
{
    std::array<uint8_t, LENGTH_LEN> length;
    std::copy(encrypted_length.begin(), encrypted_length.end(), length.begin());
    m_receive_l->Crypt(length);
    return static_cast<uint32_t>(length[0]) | (static_cast<uint32_t>(length[1]) << 8) |
           (static_cast<uint32_t>(length[2]) << 16);
}

std::optional<bool> Bip324Cipher::Decrypt(std::span<uint8_t> packet, ByteSpan aad)
{
    if (packet.size() < HEADER_LEN + TAG_LEN) throw std::invalid_argument{"BIP324 packet shorter than header and tag"};
    if (!m_receive_p->Decrypt(aad, packet)) return std::nullopt;
    return (packet[0] & IGNORE_BIT) != 0;
}

}  // namespace wire
