import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireOperator, RequireSignIn } from './components/Guards';
import { Shell } from './components/Shell';
import { Apply } from './pages/Apply';
import { BusinessNumberCheck } from './pages/BusinessNumberCheck';
import { Home } from './pages/Home';
import { InvitationAccept } from './pages/InvitationAccept';
import { Activity } from './pages/merchant/Activity';
import { ChannelReport } from './pages/merchant/ChannelReport';
import { CustomerDetail } from './pages/merchant/CustomerDetail';
import { CustomerReviews } from './pages/merchant/CustomerReviews';
import { Customers, CustomersSection } from './pages/merchant/Customers';
import { ApiKeys } from './pages/merchant/ApiKeys';
import { BackOffice, MyShops } from './pages/merchant/BackOffice';
import { Ledger } from './pages/merchant/Ledger';
import { MemberImport, SalesImport } from './pages/merchant/LegacyImport';
import { OrderDetail } from './pages/merchant/OrderDetail';
import { Orders } from './pages/merchant/Orders';
import { PointPolicy } from './pages/merchant/PointPolicy';
import { PriceParity } from './pages/merchant/PriceParity';
import { Counter } from './pages/merchant/Pos';
import { PosSection } from './pages/merchant/posBits';
import { PosDevices } from './pages/merchant/PosDevices';
import { PosExceptions } from './pages/merchant/PosExceptions';
import { PosReport } from './pages/merchant/PosReport';
import { PosSaleDetail, PosSales } from './pages/merchant/PosSales';
import { Shipping } from './pages/merchant/Shipping';
import { LocationEditor, Locations } from './pages/merchant/Locations';
import { ProductEditor } from './pages/merchant/ProductEditor';
import { ProductImport } from './pages/merchant/ProductImport';
import { Products } from './pages/merchant/Products';
import { Routing } from './pages/merchant/Routing';
import { Staff } from './pages/merchant/Staff';
import { Stock } from './pages/merchant/Stock';
import { Transfers } from './pages/merchant/Transfers';
import { MyPage } from './pages/MyPage';
import { NotFound } from './pages/NotFound';
import { Applications } from './pages/operator/Applications';
import { AuditEvents } from './pages/operator/AuditEvents';
import { Categories } from './pages/operator/Categories';
import { OperatorCustomerReviews } from './pages/operator/CustomerReviews';
import { Industries } from './pages/operator/Industries';
import { MerchantReview } from './pages/operator/MerchantReview';
import { CardPaymentPage } from './pages/portal/CardPaymentPage';
import { CartPage } from './pages/portal/CartPage';
import { CategoryPage } from './pages/portal/CategoryPage';
import { CheckoutPage } from './pages/portal/CheckoutPage';
import { MyOrder, MyOrders } from './pages/portal/MyOrders';
import { OrderConfirmation } from './pages/portal/OrderConfirmation';
import { ProductPage } from './pages/portal/ProductPage';
import { SearchPage } from './pages/portal/SearchPage';
import { SellerPage } from './pages/portal/SellerPage';
import { ResetPassword } from './pages/ResetPassword';
import { SignIn } from './pages/SignIn';
import { SignUp } from './pages/SignUp';

// The four areas share the Shell: the portal (/, with the cart, the checkout and the card payment),
// my page (/me, with my orders), the merchant back office
// (/merchant/:merchantId/…, with the web POS at …/pos) and the operator console (/operator/…).
export function App() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Home />} />
        <Route path="check/business-number" element={<BusinessNumberCheck />} />
        <Route path="signup" element={<SignUp />} />
        <Route path="signin" element={<SignIn />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="invitations/accept" element={<InvitationAccept />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="c/:categoryId" element={<CategoryPage />} />
        <Route path="p/:productId" element={<ProductPage />} />
        <Route path="s/:merchantId" element={<SellerPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route
          path="checkout"
          element={
            <RequireSignIn>
              <CheckoutPage />
            </RequireSignIn>
          }
        />
        <Route
          path="checkout/:checkoutId/pay"
          element={
            <RequireSignIn>
              <CardPaymentPage />
            </RequireSignIn>
          }
        />
        <Route
          path="orders/checkout/:checkoutId"
          element={
            <RequireSignIn>
              <OrderConfirmation />
            </RequireSignIn>
          }
        />
        <Route
          path="me/orders"
          element={
            <RequireSignIn>
              <MyOrders />
            </RequireSignIn>
          }
        />
        <Route
          path="me/orders/:orderId"
          element={
            <RequireSignIn>
              <MyOrder />
            </RequireSignIn>
          }
        />
        <Route
          path="me"
          element={
            <RequireSignIn>
              <MyPage />
            </RequireSignIn>
          }
        />
        <Route
          path="apply"
          element={
            <RequireSignIn>
              <Apply />
            </RequireSignIn>
          }
        />
        <Route
          path="merchant"
          element={
            <RequireSignIn>
              <MyShops />
            </RequireSignIn>
          }
        />
        <Route
          path="merchant/:merchantId"
          element={
            <RequireSignIn unknownOk>
              <BackOffice />
            </RequireSignIn>
          }
        >
          <Route index element={<Navigate to="staff" replace />} />
          <Route path="products" element={<Products />} />
          <Route path="products/new" element={<ProductEditor />} />
          <Route path="products/import" element={<ProductImport />} />
          <Route path="products/:productId" element={<ProductEditor />} />
          <Route path="stock" element={<Stock />} />
          <Route path="transfers" element={<Transfers />} />
          <Route path="ledger" element={<Ledger />} />
          <Route path="locations" element={<Locations />} />
          <Route path="locations/new" element={<LocationEditor />} />
          <Route path="locations/:locationId" element={<LocationEditor />} />
          <Route path="locations/:locationId/report" element={<ChannelReport />} />
          <Route path="orders" element={<Orders />} />
          <Route path="orders/:orderId" element={<OrderDetail />} />
          <Route path="pos" element={<PosSection />}>
            <Route index element={<Counter />} />
            <Route path="sales" element={<PosSales />} />
            <Route path="sales/:posSaleId" element={<PosSaleDetail />} />
            <Route path="exceptions" element={<PosExceptions />} />
            <Route path="report" element={<PosReport />} />
            <Route path="devices" element={<PosDevices />} />
            <Route path="imports" element={<SalesImport />} />
            <Route path="member-imports" element={<MemberImport />} />
          </Route>
          <Route path="customers" element={<CustomersSection />}>
            <Route index element={<Customers />} />
            <Route path="reviews" element={<CustomerReviews />} />
            <Route path=":personId" element={<CustomerDetail />} />
          </Route>
          <Route path="settings/points" element={<PointPolicy />} />
          <Route path="shipping" element={<Shipping />} />
          <Route path="price-parity" element={<PriceParity />} />
          <Route path="routing" element={<Routing />} />
          <Route path="staff" element={<Staff />} />
          <Route path="api-keys" element={<ApiKeys />} />
          <Route path="audit" element={<Activity />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route
          path="operator"
          element={
            <RequireOperator>
              <Navigate to="/operator/applications" replace />
            </RequireOperator>
          }
        />
        <Route
          path="operator/applications"
          element={
            <RequireOperator>
              <Applications />
            </RequireOperator>
          }
        />
        <Route
          path="operator/applications/:merchantId"
          element={
            <RequireOperator>
              <MerchantReview />
            </RequireOperator>
          }
        />
        <Route
          path="operator/industries"
          element={
            <RequireOperator>
              <Industries />
            </RequireOperator>
          }
        />
        <Route
          path="operator/categories"
          element={
            <RequireOperator>
              <Categories />
            </RequireOperator>
          }
        />
        <Route
          path="operator/customer-reviews"
          element={
            <RequireOperator>
              <OperatorCustomerReviews />
            </RequireOperator>
          }
        />
        <Route
          path="operator/audit"
          element={
            <RequireOperator>
              <AuditEvents />
            </RequireOperator>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
