// The server-rendered sign-in page: its text comes from the catalogs like every console page.
import { languageToggle } from './i18n.js';

document.querySelector('header.app .who')?.prepend(languageToggle());
