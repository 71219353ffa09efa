/** The app's one script: each page names itself in `<body data-page>`, and only its code runs. */
import { initHome } from './home';
import { initLinks } from './links';
import { initManage } from './manage';

const page = document.body.dataset.page;
if (page === 'home') initHome();
else if (page === 'links') initLinks();
else if (page === 'manage') void initManage();
