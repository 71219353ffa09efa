/** A bundle's pages: the files a browser opens as HTML documents (the entry and root rules count these). */
export const isPage = (path: string) => /\.html?$/i.test(path);
