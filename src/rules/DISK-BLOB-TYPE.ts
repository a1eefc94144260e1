import type { Rule } from './types.js';

/**
 * A VHD read from Azure Storage must be a page blob: managed disks and images are created only
 * from page blobs. A block blob (the default of `az storage blob upload` and most copy tools)
 * holds the same bytes, so the gate still inspects it, but Azure will not use it.
 */
export const DISK_BLOB_TYPE: Rule = {
  id: 'DISK-BLOB-TYPE',
  title: 'The VHD blob is a page blob',
  severity: 'error',
  appliesTo: 'images read from an Azure blob',
  symptom: 'Creating a managed disk, image or gallery image version from the blob is rejected: the source VHD must be a page blob.',
  fix: 'Upload the VHD as a page blob: azcopy copy disk.vhd "https://ACCOUNT.blob.core.windows.net/CONTAINER/disk.vhd?SAS" --blob-type PageBlob (or az storage blob upload --type page); to convert, copy the block blob to a new page blob the same way.',
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    if (!image.blob || image.blob.blobType === 'PageBlob') return [];
    return [
      {
        message: `${image.source} is a ${image.blob.blobType}; Azure creates disks and images only from a page blob. Its contents were still inspected.`,
        evidence: [{ detail: `x-ms-blob-type: ${image.blob.blobType}` }],
      },
    ];
  },
};
