// An executor imports SealFormat alone: the names, scopes, marks and diagnostics of the
// core and the key, token and secret types of the crypto layer are part of its API.
@_exported import SealCore
@_exported import SealCrypto
