/** Discord's limits on what one message may hold (characters unless said). */
export const MAX_MESSAGE_LENGTH = 2_000;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_DESCRIPTION = 4_096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_FIELD_NAME = 256;
export const MAX_FIELD_VALUE = 1_024;
export const MAX_EMBED_FOOTER = 2_048;
export const MAX_EMBEDS_TOTAL = 6_000;
export const MAX_EMBEDS = 10;
export const MAX_BUTTON_LABEL = 80;
export const MAX_CUSTOM_ID = 100;
