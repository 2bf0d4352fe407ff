"""SM4-GCM tokens, key ids, blind indexes and key parsing (no Django)."""

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gongkai.core.fieldcrypt import (
    DataKeyError,
    DecryptionError,
    Keyring,
    generate_key,
    key_id,
    parse_keys,
    token_key_id,
)

K1 = bytes.fromhex("00112233445566778899aabbccddeeff")
K2 = bytes.fromhex("ffeeddccbbaa99887766554433221100")


def test_sm4_gcm_matches_rfc_8998():
    """RFC 8998 appendix A.1: the installed OpenSSL really does SM4-GCM."""
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    iv = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    enc = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(aad)
    out = enc.update(plain) + enc.finalize()
    assert out.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert enc.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


def test_round_trip_and_token_format():
    ring = Keyring([K1])
    token = ring.encrypt("某市某区某路1号", context="t.address")
    assert token.startswith(f"sm4gcm:{key_id(K1)}:") and token_key_id(token) == key_id(K1)
    assert "某市" not in token
    assert ring.decrypt(token, context="t.address") == "某市某区某路1号"
    assert ring.encrypt("x", context="t.address") != ring.encrypt("x", context="t.address")


def test_wrong_key_tamper_and_context_are_refused():
    token = Keyring([K1]).encrypt("13800138000", context="t.phone")
    with pytest.raises(DecryptionError, match=key_id(K1)):
        Keyring([K2]).decrypt(token, context="t.phone")
    with pytest.raises(DecryptionError, match="密文校验失败"):
        Keyring([K1]).decrypt(token, context="t.address")
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with pytest.raises(DecryptionError):
        Keyring([K1]).decrypt(flipped, context="t.phone")
    with pytest.raises(DecryptionError, match="不是加密值"):
        Keyring([K1]).decrypt("13800138000", context="t.phone")


def test_old_keys_decrypt_and_blind_indexes_cover_each_key():
    old = Keyring([K1]).encrypt("v", context="c")
    ring = Keyring([K2, K1])
    assert ring.current_id == key_id(K2) and ring.decrypt(old, context="c") == "v"
    assert ring.blind_indexes("110101199001011234") == [
        Keyring([K2]).blind_index("110101199001011234"),
        Keyring([K1]).blind_index("110101199001011234"),
    ]
    assert ring.blind_index("a") != ring.blind_index("b") and len(ring.blind_index("a")) == 64


def test_key_parsing():
    assert parse_keys(f"# comment\n{K2.hex()}\n{K1.hex()}  # old\n", source="f") == [K2, K1]
    assert parse_keys(f"{K2.hex()},{K1.hex()}", source="env") == [K2, K1]
    with pytest.raises(DataKeyError, match="32 位十六进制"):
        parse_keys("abc", source="GONGKAI_DATA_KEY")
    with pytest.raises(DataKeyError, match="没有数据密钥"):
        parse_keys("# nothing\n", source="f")
    assert len(generate_key()) == 32 and generate_key() != generate_key()
