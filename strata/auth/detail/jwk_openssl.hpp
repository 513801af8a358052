// Owning handles for the OpenSSL objects the JWT code uses, and OpenSSL's error queue as text.
#pragma once
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <string>

namespace strata::auth::jwt::detail {

template <auto Free>
struct openssl_deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};

using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, openssl_deleter<EVP_PKEY_CTX_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, openssl_deleter<EVP_MD_CTX_free>>;
using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, openssl_deleter<EVP_MAC_CTX_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO_free>>;
using bn_ptr = std::unique_ptr<BIGNUM, openssl_deleter<BN_free>>;
using param_bld_ptr = std::unique_ptr<OSSL_PARAM_BLD, openssl_deleter<OSSL_PARAM_BLD_free>>;
using params_ptr = std::unique_ptr<OSSL_PARAM, openssl_deleter<OSSL_PARAM_free>>;

// The oldest error on this thread's OpenSSL queue, as text ("" when none); clears the queue so
// a later failure does not report a stale error.
std::string openssl_error();

}  // namespace strata::auth::jwt::detail
