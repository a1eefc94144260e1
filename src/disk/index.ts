/** The container layer: open a disk image and get the virtual disk plus what we learned about the container. */
export { openContainer } from './open-container.js';
export type { ContainerFormat, ContainerInfo, OpenedContainer, VhdFooter } from './types.js';
