"""The ServiceAccount signing key: two primes of a shipped table picked by the seed (made
instantly), the table being what the deterministic derivation gives."""

import pytest

from kubetui.engine import pki


def test_every_table_entry_is_a_1024_bit_prime_fit_for_e_65537():
    primes = pki._sa_primes()
    assert len(set(primes)) == len(primes) == 32
    for p in primes:
        assert p.bit_length() == 1024 and p >> 1022 == 3
        assert p % pki.RSA_EXPONENT != 1 and pki._probable_prime(p)


def test_seeds_get_distinct_keys_of_2048_bits():
    keys = {pki.service_account_key(seed).public_key().public_numbers().n for seed in range(200)}
    assert len(keys) == 200
    assert pki.service_account_key(7).key_size == 2048


@pytest.mark.slow
def test_the_table_is_the_derivation():
    assert pki._sa_primes()[0] == pki._derived_prime(0, "sa.key/table/0", 1024)
