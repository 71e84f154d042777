// Package azfaithful is a loopback HTTP proxy in front of Azurite that
// behaves like Azure Blob Storage where Azurite does not, so that the
// fixer's production code paths run in tests:
//
//   - Put Page From URL (PUT ?comp=page with x-ms-copy-source and
//     x-ms-source-range). Azurite answers 501. The proxy reads the source
//     range through Azurite, with the credentials of the copy source, and
//     writes the pages with a normal Put Page. It counts the requests and
//     the 512-byte pages written this way.
//   - The copy-source authorization rule of the *From URL operations. Azure
//     requires the source of Put Page From URL to be public or authorized by
//     a SAS in its URL, or by an OAuth bearer token in
//     x-ms-copy-source-authorization (newer service versions), even when
//     source and destination share the account: the destination request's
//     own Shared Key does not authorize the read of the source. See
//     "x-ms-copy-source" and "x-ms-copy-source-authorization" in
//     https://learn.microsoft.com/en-us/rest/api/storageservices/put-page-from-url
//     A source URL without a SAS (no sig parameter) and a request without a
//     bearer token is refused with 401 CannotVerifyCopySource (the status
//     Azure gives depends on how the anonymous source read fails; the
//     proxy picks 401). Public containers are not modelled: every source
//     needs a credential.
//   - Copy Blob is asynchronous. Azure answers 202 with x-ms-copy-status
//     pending for a copy that has not finished, and Get Blob Properties
//     reports pending until it has
//     (https://learn.microsoft.com/en-us/rest/api/storageservices/copy-blob).
//     Azurite copies synchronously; the proxy rewrites the answer to pending
//     and reports pending for the next Options.PendingPolls property reads
//     of the destination, then success, or failed when Options.FailCopy
//     says so.
//   - The copy-source URL is normalised: "." and ".." path segments are
//     removed (RFC 3986 §5.2.4) before the source is read, so a blob whose
//     name holds such segments cannot be the source of a server-side copy
//     addressed by its plain name.
//
// Where it still differs from Azure, knowingly:
//   - The destination request's Shared Key signature is checked by
//     forwarding the request unchanged to Azurite (which authenticates it,
//     then answers 501); a destination authorized by a SAS is checked by
//     writing the pages with that SAS. The pages themselves are written with
//     the account key the proxy was given, for Shared Key requests.
//   - A bearer token in x-ms-copy-source-authorization is accepted without
//     validation (Azurite checks OAuth only over HTTPS), and the source is
//     then read with the account key.
//   - A pending copy's destination already holds the whole content when
//     read (Azure's content is undefined until success); a failed copy keeps
//     it too. Only Get Blob Properties (HEAD, and GET's headers) report the
//     pending or failed status; List Blobs with include=copy does not.
//   - Put Page From URL's source conditions other than x-ms-source-if-match,
//     its content-MD5/CRC64 headers, encryption scopes and leases are not
//     implemented; the destination's If-Match, If-None-Match and
//     sequence-number conditions are passed on to the Put Page.
//   - Copy Blob's copy-source rule is not enforced: Azure lets Shared Key
//     authorize a source in the same account, and the emulator has one.
//   - Abort Copy Blob is not intercepted.
//   - Azurite answers a bad Shared Key signature with 403
//     AuthorizationFailure where Azure says AuthenticationFailed; the proxy
//     passes Azurite's answer on.
package azfaithful
