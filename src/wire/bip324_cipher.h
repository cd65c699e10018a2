#pragma once
// Why this file exists: BIP324's keys and ciphers, knowing no sockets and no handshake order
// (Bitcoin Core's BIP324Cipher, src/bip324.h): the x-only ECDH secret, the HKDF key schedule with
// the network magic in the salt, and the two rekeying ciphers that encrypt each packet.
//
// Packet layout (BIP324, "Packet encryption"):
//   length (3, LE, FSChaCha20 with the L key) | header (1) | contents | tag (16)
// where header, contents and tag are one FSChaCha20Poly1305 message with the P key, the header's
// bit 7 marks a decoy ("ignore") packet and `length` counts the contents only.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "wire/ellswift.h"
#include "wire/frame.h"
#include "wire/serialize.h"

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace wire {

constexpr uint32_t REKEY_INTERVAL = 224;  // messages per key, both ciphers
constexpr size_t LENGTH_LEN = 3;
constexpr size_t HEADER_LEN = 1;
constexpr size_t TAG_LEN = 16;
constexpr size_t PACKET_EXPANSION = LENGTH_LEN + HEADER_LEN + TAG_LEN;
static_assert(PACKET_EXPANSION == 20);
constexpr uint8_t IGNORE_BIT = 0x80;
constexpr size_t GARBAGE_TERMINATOR_LEN = 16;
constexpr size_t SESSION_ID_LEN = 32;

using CipherKey = std::array<uint8_t, 32>;
using GarbageTerminator = std::array<uint8_t, GARBAGE_TERMINATOR_LEN>;
using SessionId = std::array<uint8_t, SESSION_ID_LEN>;
using SharedSecret = std::array<uint8_t, 32>;

// Everything HKDF derives from the shared secret (BIP324 "initialize_v2_transport").
struct SessionKeys {
    CipherKey initiator_l;
    CipherKey initiator_p;
    CipherKey responder_l;
    CipherKey responder_p;
    GarbageTerminator initiator_garbage_terminator;
    GarbageTerminator responder_garbage_terminator;
    SessionId session_id;
};

// TaggedHash("bip324_ellswift_xonly_ecdh", initiator's encoding | responder's encoding | x).
SharedSecret Bip324SharedSecret(const PrivateKey& ours_private, const EllSwiftPubKey& ours,
                                const EllSwiftPubKey& theirs, bool initiating);

// HKDF-SHA256 with salt "bitcoin_v2_shared_secret" + magic, one expansion per key name.
SessionKeys DeriveSessionKeys(const SharedSecret& secret, const Magic& magic);

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const;
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// ChaCha20 as one keystream over a sequence of chunks, rekeyed from its own keystream after every
// REKEY_INTERVAL chunks (BIP324 "FSChaCha20"). Encrypts the 3-byte lengths.
class FSChaCha20 {
public:
    explicit FSChaCha20(const CipherKey& key);
    void Crypt(std::span<uint8_t> chunk);  // in place; one call is one chunk

private:
    void Start();

    CipherKey m_key;
    CipherCtx m_ctx;
    uint32_t m_chunk_counter{0};
    uint64_t m_rekey_counter{0};
};

// ChaCha20-Poly1305 with a per-message nonce (counter mod 224 | counter / 224), rekeyed after every
// REKEY_INTERVAL messages (BIP324 "FSChaCha20Poly1305").
class FSChaCha20Poly1305 {
public:
    explicit FSChaCha20Poly1305(const CipherKey& key);
    // Encrypts `text` in place and writes the tag after it: text.size() == plain + TAG_LEN.
    void Encrypt(ByteSpan aad, std::span<uint8_t> text_and_tag);
    // Decrypts in place; false (and the message counted) when the tag does not verify.
    bool Decrypt(ByteSpan aad, std::span<uint8_t> text_and_tag);

private:
    bool Crypt(ByteSpan aad, std::span<uint8_t> text_and_tag, bool encrypt);
    void NextMessage();

    CipherKey m_key;
    CipherCtx m_ctx;
    uint64_t m_packet_counter{0};
};

// One side's ciphers for one connection: our ephemeral key, and once the peer's encoding is known,
// the session keys and the four ciphers (send and receive, length and packet).
class Bip324Cipher {
public:
    // A fresh random ephemeral key.
    Bip324Cipher();
    // A given key and its encoding (for known-answer tests).
    Bip324Cipher(const PrivateKey& key, const EllSwiftPubKey& encoding);

    const EllSwiftPubKey& OurPubKey() const { return m_our_pubkey; }
    // Derives the session from the peer's encoding. Call once, before anything below.
    void Initialize(const EllSwiftPubKey& theirs, bool initiator, const Magic& magic);
    bool Initialized() const { return m_keys.has_value(); }

    const SessionId& GetSessionId() const { return m_keys->session_id; }
    const GarbageTerminator& SendGarbageTerminator() const { return m_send_terminator; }
    const GarbageTerminator& ReceiveGarbageTerminator() const { return m_receive_terminator; }

    // Appends one packet carrying `contents` (at most 2^24 - 1 bytes) to `out`.
    void Encrypt(ByteSpan contents, ByteSpan aad, bool ignore, Bytes& out);
    // The contents length a packet's first LENGTH_LEN bytes declare.
    uint32_t DecryptLength(std::span<const uint8_t, LENGTH_LEN> encrypted_length);
    // Decrypts header | contents | tag in place (size: declared length + HEADER_LEN + TAG_LEN).
    // nullopt when the tag does not verify; otherwise whether the ignore bit was set, with the
    // contents at packet[HEADER_LEN, size - TAG_LEN).
    std::optional<bool> Decrypt(std::span<uint8_t> packet, ByteSpan aad);

private:
    PrivateKey m_private_key;
    EllSwiftPubKey m_our_pubkey;
    std::optional<SessionKeys> m_keys;
    GarbageTerminator m_send_terminator{};
    GarbageTerminator m_receive_terminator{};
    std::optional<FSChaCha20> m_send_l;
    std::optional<FSChaCha20Poly1305> m_send_p;
    std::optional<FSChaCha20> m_receive_l;
    std::optional<FSChaCha20Poly1305> m_receive_p;
};

}  // namespace wire
