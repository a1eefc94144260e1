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
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
