import { describe, expect, it } from '@jest/globals';
import { redact } from '../../src/report/redact.js';

describe('redact', () => {
  it.each([
    ['https://a.blob.core.windows.net/c/d.vhd?sv=2022-11-02&sr=b&sig=Zm9v%2Bbar%3D&se=2030', 'https://a.blob.core.windows.net/c/d.vhd?sv=2022-11-02&sr=b&sig=***&se=2030'],
    ['https://a.blob.core.windows.net/c/d.vhd?SIG=abc', 'https://a.blob.core.windows.net/c/d.vhd?SIG=***'],
    [
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFl+qJ==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net',
    ],
    ['BlobEndpoint=https://a/;SharedAccessSignature=sv=2022&sig=x', 'BlobEndpoint=https://a/;SharedAccessSignature=***&sig=***'],
    ['{"source":"https://a/b?sig=abc"}', '{"source":"https://a/b?sig=***"}'],
    ['nothing secret here: signature=abc design=ok', 'nothing secret here: signature=abc design=ok'],
    // A SAS URL quoted inside another URL's query (percent-encoded once more).
    ['https://x/copy?source=https%3A%2F%2Fa%2Fc%2Fd.vhd%3Fsv%3D1%26sig%3DZm9v%252B%26se%3D2', 'https://x/copy?source=https%3A%2F%2Fa%2Fc%2Fd.vhd%3Fsv%3D1%26sig%3D***%26se%3D2'],
    // Authorization header values (Azurite's well-known dev account key signs like a real one).
    ['Authorization: SharedKey devstoreaccount1:q7Xy2BZ0Jj+dP/9aXk1MzuMcz3oTzZ5Qg8pD4V0nQ1A=', 'Authorization: SharedKey devstoreaccount1:***'],
    ['authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJzdG9yYWdlIn0.c2ln', 'authorization: Bearer ***'],
    ['Bearer token required', 'Bearer token required'],
    // An HTML/XML-escaped query separator.
    ['<Url>https://a/c/d.vhd?sv=1&amp;sig=abc%2B</Url>', '<Url>https://a/c/d.vhd?sv=1&amp;sig=***</Url>'],
    // A connection string with a SAS instead of a key.
    ['BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=Zm9v', 'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=***&ss=b&sig=***'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
