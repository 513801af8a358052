// script: the SHA1 that EVALSHA names a script by (OpenSSL's, hex as Redis prints it).
#include <openssl/evp.h>

#include <strata/redis/script.hpp>

namespace strata::redis {

script::script(std::string source) : source_(std::make_shared<const std::string>(std::move(source))) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(source_->data(), source_->size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  sha1_.reserve(length * 2);
  for (unsigned i = 0; i < length; ++i) {
    sha1_ += hex[digest[i] >> 4];
    sha1_ += hex[digest[i] & 0xf];
  }
}

}  // namespace strata::redis
