// Landing page: the public sees its links; a signed-in user goes back to where sign-in began, or home.
import { layout, homeOf } from './layout.js';

const me = await layout('home', { needsLogin: false });
if (me) {
  const back = sessionStorage.getItem('ec.returnTo');
  sessionStorage.removeItem('ec.returnTo');
  location.replace(back && back.startsWith('/console/') ? back : homeOf(me));
}
