import { Route, Routes } from 'react-router-dom';
import { Shell } from './components/Shell';
import { Home } from './pages/Home';
import { BusinessNumberCheck } from './pages/BusinessNumberCheck';
import { NotFound } from './pages/NotFound';

export function App() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Home />} />
        <Route path="check/business-number" element={<BusinessNumberCheck />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
